package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that walk a store run in memory that does not grow with its number of files:
 * on a real store (btrfs on a loop device, local remote) of {@value #FILES} files, through the
 * launcher with a deliberately tiny heap ({@value #HEAP}), {@code --verify --all}, {@code
 * --restore --dry-run} and {@code --list} succeed with their whole JSON report. Collecting
 * every file, as the comparison and the restore listing once did, runs out of memory here.
 * {@code bench/million-files} does the same with 1,000,000 files under the launcher's own heap.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class BoundedMemoryTest {
  static final int FILES = 100_000;
  static final String HEAP = "-Xmx16m";

  @TempDir
  Path temp;

  private Path config;
  private Map<String, String> tinyHeap;

  @BeforeEach
  void layOut() throws Exception {
    Path remote = Files.createDirectories(temp.resolve("remote"));
    Path source = Files.createDirectories(temp.resolve("many"));
    for (int i = 0; i < FILES; i++) {
      Path dir = source.resolve("d" + (i / 1000));
      if (i % 1000 == 0) {
        Files.createDirectories(dir);
      }
      Files.createFile(dir.resolve("file-with-a-longish-name-" + i));
    }
    config = TestConfigs.unencryptedLocal(temp, remote, 2, 24, source);
    tinyHeap = Map.of("MNEMOSYNE_JAVA_OPTS", HEAP);
    succeeds("--init-store");
    succeeds("--backup");
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  private CliRun call(String... args) throws IOException, InterruptedException {
    String[] withConfig = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(args),
            java.util.stream.Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    return Launcher.run(temp, tinyHeap, withConfig);
  }

  private void succeeds(String... args) throws IOException, InterruptedException {
    CliRun run = call(args);
    assertThat(run.code()).as(run.toString()).isZero();
  }

  @Test
  void verifyAllRestoreListingAndListRunInATinyHeap() throws Exception {
    CliRun verify = call("--verify", "--all", "--json");
    assertThat(verify.code()).as(verify.toString()).isZero();
    JsonNode key = verify.json().get("keys").get(0);
    assertThat(key.get("compared").asLong()).isEqualTo(FILES);
    assertThat(key.get("differing").asLong()).isZero();
    assertThat(verify.json().get("clean").asBoolean()).isTrue();
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();

    CliRun sample = call("--verify", "--sample", "500", "--json");
    assertThat(sample.code()).as(sample.toString()).isZero();
    assertThat(sample.json().get("keys").get(0).get("compared").asLong()).isEqualTo(500);

    CliRun restore = call(
        "--restore",
        "many.0",
        "--target",
        temp.resolve("restored").toString(),
        "--dry-run",
        "--json");
    assertThat(restore.code()).as(restore.err()).isZero();
    assertThat(restore.json().get("items").asLong()).isGreaterThanOrEqualTo(FILES);
    assertThat(restore.json().get("wouldRestore")).hasSize(1000);
    assertThat(restore.json().get("wouldRestoreTruncated").asBoolean()).isTrue();
    assertThat(temp.resolve("restored")).doesNotExist();

    CliRun plain =
        call("--restore", "many.0", "--target", temp.resolve("restored").toString(), "--dry-run");
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(plain.out().lines().count()).isGreaterThanOrEqualTo(FILES);

    succeeds("--list");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
  }
}
