package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file rewritten at the same size within the second of the last copy is copied again:
 * rsync's quick check compares timestamps to the nanosecond, not to the second, so a live
 * file changed right after a backup does not stay stale in the store.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class SameSecondChangeTest {
  @TempDir
  Path temp;

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  @Test
  void aSameSizeChangeWithinTheSameSecondIsCopied() throws Exception {
    Path remote = Files.createDirectories(temp.resolve("remote"));
    Path source = Files.createDirectories(temp.resolve("docs"));
    Path runtime = temp.resolve("run");
    Path config = TestConfigs.unencryptedLocal(temp, remote, 2, 24, source);
    Path file = source.resolve("a.txt");
    Instant second = Instant.parse("2026-01-01T00:00:00Z");
    Files.writeString(file, "one");
    Files.setLastModifiedTime(file, FileTime.from(second.plusMillis(100)));
    assertThat(CliRun.call(new LinuxWiring(), runtime, "--init-store", "-c", config.toString())
            .code())
        .isZero();
    assertThat(CliRun.call(new LinuxWiring(), runtime, "--backup", "-c", config.toString())
            .code())
        .isZero();

    Files.writeString(file, "two");
    Files.setLastModifiedTime(file, FileTime.from(second.plusMillis(600)));
    CliRun again = CliRun.call(new LinuxWiring(), runtime, "--backup", "-c", config.toString());

    assertThat(again.code()).as(again.toString()).isZero();
    EndToEndTest.MountRun mount = EndToEndTest.MountRun.start(
        () -> new Cli(
            new LinuxWiring(),
            Map.of(
                "RUNTIME_DIRECTORY",
                runtime.toString(),
                "STATE_DIRECTORY",
                runtime.resolve("state").toString()),
            new Cli.Terminal(false, false),
            new StopRequest(),
            Clock.systemUTC()),
        config);
    try {
      assertThat(mount.root().resolve("docs.0/a.txt")).hasContent("two");
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
  }
}
