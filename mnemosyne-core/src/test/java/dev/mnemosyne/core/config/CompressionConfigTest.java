package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.model.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code store.compression}: its values, its default for configurations without it, and its errors. */
class CompressionConfigTest {
  private static String withStore(String store) {
    return BadConfigTest.store(store);
  }

  @Test
  void aConfigurationWithoutItGetsTheDefaultAndShowsIt() {
    var config = ConfigLoader.parse(
        withStore("{'name': 'b.btrfs', 'size': 10, 'keyfile': '/etc/mnemosyne/key'}"));

    assertThat(config.store().compression())
        .isEqualTo(Compression.ZSTD_1)
        .isEqualTo(Compression.DEFAULT);
    assertThat(ConfigLoader.redactedJson(config))
        .containsPattern("\"compression\"\\s*:\\s*\"zstd:1\"");
  }

  @ParameterizedTest
  @CsvSource({
    "zstd:1, ZSTD_1, compress=zstd:1",
    "zstd:3, ZSTD_3, compress=zstd:3",
    "lzo, LZO, compress=lzo",
    "none, NONE, ''"
  })
  void eachSettingIsTheMountOptionItNames(String value, Compression expected, String option) {
    var config = ConfigLoader.parse(withStore(
        "{'name': 'b.btrfs', 'size': 10, 'keyfile': '/k', 'compression': '" + value + "'}"));

    assertThat(config.store().compression()).isEqualTo(expected);
    assertThat(config.store().compression().mountOption().orElse("")).isEqualTo(option);
    assertThat(ConfigLoader.parse(ConfigLoader.redactedJson(config)).store().compression())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"'zstd'", "'zstd:9'", "'gzip'", "'ZSTD:1'", "1", "true", "null", "['zstd:1']"})
  void anythingElseIsRefusedNamingThePathAndTheChoices(String value) {
    ConfigException e = catchThrowableOfType(
        ConfigException.class,
        () -> ConfigLoader.parse(withStore(
            "{'name': 'b.btrfs', 'size': 10, 'keyfile': '/k', 'compression': " + value + "}")));

    assertThat(e).as("compression %s", value).isNotNull();
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).hasToString("store.compression");
      assertThat(p.message()).contains("\"zstd:1\"", "\"zstd:3\"", "\"lzo\"", "\"none\"");
    });
  }
}
