package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.failure.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only a regular file of at most 1 MiB is read as a configuration: a device that never ends, a
 * FIFO that would block, or a file that grows past the limit is refused with a message, never
 * read into memory.
 */
class ConfigFileKindsTest {
  @Test
  void aDeviceThatNeverEndsIsRefusedWithoutReadingIt() {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Path.of("/dev/zero")));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("$");
      assertThat(p.message()).contains("/dev/zero", "not a regular file");
    });
  }

  @Test
  void aFifoIsRefusedWithoutWaitingForAWriter(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("config.json");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor())
        .isZero();

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(fifo));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("not a regular file"));
  }

  @Test
  void aSymbolicLinkToAConfigurationIsRead(@TempDir Path dir) throws IOException {
    Path real = Files.writeString(dir.resolve("real.json"), Seeds.template());
    Path link = Files.createSymbolicLink(dir.resolve("config.json"), real);

    assertThat(ConfigLoader.load(link).directories()).isNotEmpty();
  }

  @Test
  void aFileLargerThanTheLimitIsRefusedNamingTheLimit(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.write(file, new byte[(int) ConfigLoader.MAX_FILE_BYTES + 1]);

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p ->
            assertThat(p.message()).contains("larger than the limit of 1048576 bytes (1 MiB)"));
  }
}
