package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a UTF-8 locale in the environment (cron, {@code env -i}, a unit without {@code LANG})
 * the launcher still runs the JVM so that non-ASCII file names work, and bad input from such an
 * environment still ends in its documented exit code.
 */
class LocaleFreeLauncherTest {
  @TempDir
  Path temp;

  /** A configuration backing up {@code /srv/données}, written as pure ASCII JSON. */
  private Path configWithANonAsciiDirectory() {
    return TestConfigs.write(
        temp.resolve("config.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + temp.resolve("remote") + "\"},\n"
            + "  \"store\": {\"name\": \"test.btrfs\", \"size\": 1, \"encryption\": \"none\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 24},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"data\", \"directory\": \"/srv/donn\\u00e9es\"}]}\n"
            + "}\n");
  }

  @Test
  void aNonAsciiDirectoryIsAValidPathWithoutAnyLocale() throws Exception {
    Path config = configWithANonAsciiDirectory();

    CliRun run = Launcher.run(temp, Map.of(), "--check-config", "--config", config.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("\"directory\": \"/srv/donn\u00e9es\"");
  }

  @Test
  void aNonUtf8LocaleIsReplacedForTheJvm() throws Exception {
    Path config = configWithANonAsciiDirectory();

    CliRun run = Launcher.run(
        temp,
        Map.of("LANG", "C", "LC_CTYPE", "POSIX"),
        "--check-config",
        "--json",
        "--config",
        config.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.json()
            .get("effectiveConfig")
            .get("local")
            .get("directories")
            .get(0)
            .get("directory")
            .asText())
        .isEqualTo("/srv/donn\u00e9es");
  }

  @Test
  void outputStaysAsciiWhenTheEnvironmentHasNoUtf8Locale() throws Exception {
    Path config = configWithANonAsciiDirectory();

    CliRun run =
        Launcher.run(temp, Map.of(), "--verify-environment", "--config", config.toString());

    assertThat(run.out())
        .contains("[FAILED] ", "/srv/donn\u00e9es")
        .doesNotContain("\u2713", "\u2717");
  }

  @Test
  void aDeviceAsTheConfigurationIsAConfigurationError() throws Exception {
    CliRun run = Launcher.run(temp, Map.of(), "--check-config", "--json", "--config", "/dev/zero");

    assertThat(run.code()).as(run.toString()).isEqualTo(4);
    assertThat(run.err())
        .contains("/dev/zero", "not a regular file")
        .doesNotContain("OutOfMemoryError", "\tat ");
    assertThat(run.json().get("failure").get("problems").get(0).get("path").asText())
        .isEqualTo("$");
  }

  @Test
  void aConfigurationOverTheLimitIsAConfigurationErrorNamingIt() throws Exception {
    Path big = temp.resolve("big.json");
    Files.write(big, new byte[2 << 20]);

    CliRun run = Launcher.run(temp, Map.of(), "--check-config", "--config", big.toString());

    assertThat(run.code()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("larger than the limit of 1048576 bytes");
  }
}
