package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store too small for its source, on a real btrfs of 128 MiB: the run reports the free
 * space, fails with exit 8 and a clear message, keeps the history, and the next run after
 * the source shrank succeeds.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class FullStoreTest {
  @TempDir
  Path temp;

  private Path runtime;
  private Path source;
  private Path config;

  @BeforeEach
  void createSmallStore() throws IOException {
    runtime = temp.resolve("run");
    Path remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("docs"));
    config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);
    Path image = remote.resolve("test.btrfs");
    try (OutputStream out = Files.newOutputStream(image)) {
      out.flush();
    }
    assertThat(HostProcesses.run("truncate", "-s", "128M", image.toString())).isZero();
    assertThat(HostProcesses.run("mkfs.btrfs", "-q", "-f", image.toString())).isZero();
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  @Test
  void aFullStoreFailsWithExitEightKeepsHistoryAndTheNextRunSucceeds() throws Exception {
    Files.writeString(source.resolve("a.txt"), "one");
    CliRun first = call("--backup");
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.err())
        .containsPattern("free space: [0-9.]+ MiB of [0-9.]+ MiB in the store, .* on the remote");

    Files.writeString(source.resolve("a.txt"), "two");
    Path big = source.resolve("big.bin");
    TestConfigs.writeRandom(big, 160 << 20, 7);
    CliRun full = call("--backup", "--json");

    assertThat(full.code()).as(full.toString()).isEqualTo(8);
    assertThat(full.err())
        .contains("the store is full", "--grow-store")
        .doesNotContain("Exception", "\tat ");
    assertThat(full.json().get("outcome").asText()).isEqualTo("no-space");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();

    Files.delete(big);
    CliRun next = call("--backup");
    assertThat(next.code()).as(next.toString()).isIn(0, 3);
    assertThat(next.err()).contains("docs (" + source + "): synced");

    EndToEndTest.MountRun mount = EndToEndTest.MountRun.start(this::cli, config);
    try {
      Path root = mount.root();
      assertThat(root.resolve("docs.1/a.txt")).as("history kept").hasContent("one");
      assertThat(root.resolve("docs.0/a.txt")).hasContent("two");
      assertThat(root.resolve("docs.0/big.bin")).doesNotExist();
      assertThat(root.resolve("docs.2")).doesNotExist();
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
  }

  private CliRun call(String... args) {
    String[] withConfig = Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    return CliRun.call(new LinuxWiring(), runtime, withConfig);
  }

  private Cli cli() {
    return CliRun.linuxCli(runtime);
  }
}
