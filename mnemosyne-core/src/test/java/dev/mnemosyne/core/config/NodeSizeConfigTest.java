package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.model.TreeNodeSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code store.nodeSize}: mnemosyne's default without it, the sizes it names, and its errors. */
class NodeSizeConfigTest {
  private static String withStore(String store) {
    return BadConfigTest.store(store);
  }

  @Test
  void aConfigurationWithoutItLeavesTheNodesToBtrfsAndDoesNotWriteIt() {
    var config = ConfigLoader.parse(
        withStore("{'name': 'b.btrfs', 'size': 10, 'keyfile': '/etc/mnemosyne/key'}"));

    assertThat(config.store().nodeSize()).isEqualTo(TreeNodeSize.DEFAULT);
    assertThat(config.store().nodeSize().bytes()).isEmpty();
    assertThat(ConfigLoader.redactedJson(config)).doesNotContain("nodeSize");
  }

  @ParameterizedTest
  @CsvSource({"4096, KIB_4", "8192, KIB_8", "16384, KIB_16", "32768, KIB_32", "65536, KIB_64"})
  void eachSizeIsReadAndWrittenBack(int bytes, TreeNodeSize expected) {
    var config = ConfigLoader.parse(
        withStore("{'name': 'b.btrfs', 'size': 10, 'keyfile': '/k', 'nodeSize': " + bytes + "}"));

    assertThat(config.store().nodeSize()).isEqualTo(expected);
    assertThat(config.store().nodeSize().bytes()).hasValue(bytes);
    assertThat(ConfigLoader.parse(ConfigLoader.redactedJson(config)).store().nodeSize())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0", "-4096", "2048", "4095", "12288", "131072", "1e100", "4096.5", "'4096'", "'16k'",
        "true", "null", "[4096]"
      })
  void anythingElseIsRefusedNamingThePathAndTheSizes(String value) {
    ConfigException e = catchThrowableOfType(
        ConfigException.class,
        () -> ConfigLoader.parse(withStore(
            "{'name': 'b.btrfs', 'size': 10, 'keyfile': '/k', 'nodeSize': " + value + "}")));

    assertThat(e).as("nodeSize %s", value).isNotNull();
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).hasToString("store.nodeSize");
      assertThat(p.message()).contains("4096, 8192, 16384, 32768 or 65536");
    });
  }
}
