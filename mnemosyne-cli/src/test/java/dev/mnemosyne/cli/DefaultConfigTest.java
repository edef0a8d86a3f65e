package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which configuration is read without {@code --config}, and {@code --check-config} saying which one it read. */
class DefaultConfigTest {
  private static final Path DEBIAN = Path.of("/etc/mnemosyne/config.json");

  @TempDir
  Path temp;

  @Test
  void aSourceInstallReadsTheOriginalsPlace() {
    assertThat(DefaultConfig.choose(Optional.empty(), Set.of(DEBIAN)::contains))
        .isEqualTo(Path.of("/usr/local/etc/mnemosyne/config.json"));
  }

  @Test
  void thePackagedCommandReadsDebiansPlaceWhenItExists() {
    assertThat(DefaultConfig.choose(
            Optional.of(DEBIAN), Set.of(DEBIAN, DefaultConfig.ORIGINAL)::contains))
        .isEqualTo(DEBIAN);
  }

  @Test
  void thePackagedCommandKeepsReadingAnExistingSetupUnderUsrLocal() {
    assertThat(DefaultConfig.choose(Optional.of(DEBIAN), Set.of(DefaultConfig.ORIGINAL)::contains))
        .isEqualTo(DefaultConfig.ORIGINAL);
  }

  @Test
  void withNeitherFileThePackagedCommandNamesDebiansPlace() {
    assertThat(DefaultConfig.choose(Optional.of(DEBIAN), Set.<Path>of()::contains))
        .isEqualTo(DEBIAN);
  }

  @Test
  void checkConfigSaysWhichFileItRead() throws IOException {
    Path remote = Files.createDirectories(temp.resolve("nas"));
    Path source = Files.createDirectories(temp.resolve("data"));
    Path config = TestConfigs.write(
        temp.resolve("site.json"),
        "{\"remote\": {\"type\": \"local\", \"path\": \""
            + remote + "\"}, \"store\": {\"name\": \"s\", \"size\": 1, \"encryption\": \"none\"},"
            + " \"strategy\": {\"stages\": 2, \"rotate\": 1},"
            + " \"local\": {\"directories\": [{\"key\": \"k\", \"directory\": \"" + source
            + "\"}]}}");

    CliRun run = CliRun.call(
        new LinuxWiring(), temp.resolve("run"), "--check-config", "-c", config.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.err()).contains("configuration read from " + config);
  }
}
