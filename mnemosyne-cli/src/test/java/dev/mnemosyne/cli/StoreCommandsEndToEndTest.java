package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --list}, {@code --restore}, {@code --mount --detach}, {@code --unmount}, {@code
 * --verify} and {@code --status} with the real tools: an unencrypted store on a local directory, btrfs on a loop
 * device, rsync.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class StoreCommandsEndToEndTest {
  @TempDir
  Path temp;

  private Path runtime;
  private Path source;
  private Path config;

  @BeforeEach
  void layOut() throws IOException {
    runtime = temp.resolve("run");
    Path remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("docs"));
    config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  private CliRun call(String... args) {
    String[] withConfig = Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    return CliRun.call(new LinuxWiring(), runtime, withConfig);
  }

  private void succeeds(String... args) {
    CliRun run = call(args);
    assertThat(run.code()).as(run.toString()).isZero();
  }

  @Test
  void listRestoreDetachUnmountAndStatusOnARealStore() throws Exception {
    Instant before = Instant.now().minusSeconds(2);
    Path script = source.resolve("bin/run.sh");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Files.writeString(source.resolve("a.txt"), "one");
    // Files of a few bytes are stored inline in btrfs's metadata, where du does not count them, and
    // zeros are stored as holes (rsync --sparse): this one takes its size.
    Files.writeString(source.resolve("big.bin"), "0123456789".repeat(10_000));
    // Files older than the last sync (recorded to the second) are the ones --verify compares.
    for (String file : List.of("a.txt", "big.bin", "bin/run.sh")) {
      Files.setLastModifiedTime(
          source.resolve(file), FileTime.from(Instant.now().minusSeconds(3600)));
    }
    succeeds("--init-store");
    succeeds("--backup");
    Files.writeString(source.resolve("a.txt"), "second");
    Files.setLastModifiedTime(
        source.resolve("a.txt"), FileTime.from(Instant.now().minusSeconds(1800)));
    succeeds("--backup");

    CliRun list = call("--list", "--json");
    assertThat(list.code()).as(list.toString()).isZero();
    JsonNode stages = list.json().get("keys").get(0).get("stages");
    assertThat(stages.get(0).get("stage").asText()).isEqualTo("docs.0");
    assertThat(stages.get(0).get("lastSyncComplete").asBoolean()).isTrue();
    assertThat(stages.get(1).get("stage").asText()).isEqualTo("docs.1");
    assertThat(Instant.parse(stages.get(1).get("time").asText()))
        .isAfter(before)
        .isBefore(Instant.now().plusSeconds(2));
    assertThat(stages.get(1).get("totalBytes").asLong()).isGreaterThanOrEqualTo(100_000);
    assertThat(stages.get(1).get("exclusiveBytes").isNumber()).isTrue();
    assertThat(stages.get(1).get("sharedBytes").isNumber()).isTrue();

    Path old = temp.resolve("old");
    CliRun dryRun = call("--restore", "docs.1", "--target", old.toString(), "--dry-run", "--json");
    assertThat(dryRun.code()).as(dryRun.toString()).isZero();
    assertThat(dryRun.json().get("wouldRestore").toString()).contains("a.txt", "bin/run.sh");
    assertThat(old).doesNotExist();
    succeeds("--restore", "docs.1", "--target", old.toString());
    assertThat(old.resolve("a.txt")).hasContent("one");
    assertThat(Files.getPosixFilePermissions(old.resolve("bin/run.sh")))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
    assertThat(Files.getLastModifiedTime(old.resolve("bin/run.sh")))
        .isEqualTo(Files.getLastModifiedTime(script));
    Path one = temp.resolve("one");
    succeeds("--restore", "docs:a.txt", "--target", one.toString());
    assertThat(one.resolve("a.txt")).hasContent("second");
    assertThat(call(
                "--restore",
                "docs:bin/../../docs.1",
                "--target",
                temp.resolve("x").toString())
            .code())
        .isEqualTo(7);

    CliRun mount = call("--mount", "--detach");
    assertThat(mount.code()).as(mount.toString()).isZero();
    Path root = Path.of(mount.out().strip());
    assertThat(root.resolve("docs.0/a.txt")).hasContent("second");
    assertThat(TestConfigs.mountsUnder(temp)).isNotEmpty();
    succeeds("--unmount");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();

    CliRun verify = call("--verify", "--all", "--json");
    assertThat(verify.code()).as(verify.toString()).isZero();
    assertThat(verify.json().get("scrub").get("finished").asBoolean()).isTrue();
    assertThat(verify.json().get("scrub").get("errors").asLong()).isZero();
    assertThat(verify.json().get("keys").get(0).get("compared").asLong()).isEqualTo(3);
    assertThat(verify.json().get("clean").asBoolean()).isTrue();

    CliRun status = call("--status", "--json");
    assertThat(status.code()).as(status.toString()).isZero();
    assertThat(status.json().get("keys").get(0).get("ageSeconds").asLong())
        .isLessThan(Duration.ofMinutes(10).toSeconds());
  }
}
