package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.model.BlockSize;
import dev.mnemosyne.core.model.SourceDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code local.directories[].blockSize}: its default, its values, and what it refuses. */
class BlockSizeConfigTest {
  private static SourceDirectory second(String blockSize) {
    return ConfigLoader.parse(
            BadConfigTest.local("{'directories': [{'key': 'a', 'directory': '/a'},"
                + " {'key': 'b', 'directory': '/b', 'blockSize': " + blockSize + "}]}"))
        .directories()
        .get(1);
  }

  @Test
  void aDirectoryWithoutItComparesInFourKibBlocks() {
    var config = ConfigLoader.parse(
        BadConfigTest.local("{'directories': [{'key': 'a', 'directory': '/a'}]}"));

    assertThat(config.directories().get(0).blockSize())
        .isEqualTo(BlockSize.DEFAULT)
        .isEqualTo(BlockSize.fixed(4096));
    assertThat(ConfigLoader.redactedJson(config)).doesNotContain("blockSize");
  }

  @Test
  void autoLeavesTheChoiceToTheTransferAndReadsBack() {
    SourceDirectory images = second("'auto'");

    assertThat(images.blockSize().isAutomatic()).isTrue();
    assertThat(images.blockSize()).hasToString("auto");
    var config = ConfigLoader.parse(BadConfigTest.local(
        "{'directories': [{'key': 'b', 'directory': '/b', 'blockSize': 'auto'}]}"));
    assertThat(ConfigLoader.parse(ConfigWriter.json(config))).isEqualTo(config);
  }

  @ParameterizedTest
  @ValueSource(ints = {4096, 8192, 65536, 131072})
  void aMultipleOfFourKibUpToRsyncsLimitIsUsedAsIs(int bytes) {
    SourceDirectory images = second(Integer.toString(bytes));

    assertThat(images.blockSize().fixedBytes()).hasValue(bytes);
    assertThat(images.blockSize().isAutomatic()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-4096",
        "1024",
        "4097",
        "6000",
        "262144",
        "4096.0",
        "'4096'",
        "'AUTO'",
        "true",
        "null",
        "[4096]",
        "99999999999"
      })
  void anythingElseIsRefusedNamingThePathAndTheChoices(String value) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> second(value));

    assertThat(e).as("blockSize %s", value).isNotNull();
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).hasToString("local.directories[1].blockSize");
      assertThat(p.message()).contains("\"auto\"", "4096", "131072");
    });
  }

  @Test
  void theModelRefusesASizeTheConfigurationWouldRefuse() {
    assertThatThrownBy(() -> BlockSize.fixed(1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 4096");
  }
}
