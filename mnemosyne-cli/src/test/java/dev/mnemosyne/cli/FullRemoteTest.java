package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote that fills up under the sparse store image, on a real 192 MiB tmpfs holding a 1 GB
 * image: the writes that cannot reach the image fail the run with exit 8 instead of vanishing
 * at unmount, nothing stays mounted, the history is kept, and once the remote has room again
 * the next run completes the copy.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class FullRemoteTest {
  @TempDir
  Path temp;

  private Path runtime;
  private Path remote;
  private Path source;
  private Path config;

  @BeforeEach
  void layOut() throws IOException {
    runtime = temp.resolve("run");
    remote = Files.createDirectories(temp.resolve("remote"));
    assertThat(
            HostProcesses.run("mount", "-t", "tmpfs", "-o", "size=192m", "nas", remote.toString()))
        .isZero();
    source = Files.createDirectories(temp.resolve("docs"));
    config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  @Test
  void aFullRemoteFailsTheRunKeepsHistoryAndTheNextRunSucceeds() throws Exception {
    assertThat(call("--init-store").code()).isZero();
    Files.writeString(source.resolve("a.txt"), "one");
    assertThat(call("--backup").code()).isZero();

    Files.writeString(source.resolve("a.txt"), "two");
    Path big = source.resolve("big.bin");
    TestConfigs.writeRandom(big, 256 << 20, 11);
    CliRun full = call("--backup", "--json");

    assertThat(full.code()).as(full.toString()).isEqualTo(8);
    assertThat(full.err())
        .contains("the remote is full", "free space on the remote")
        .doesNotContain("\tat ", "Exception");
    assertThat(full.json().get("outcome").asText()).isEqualTo("no-space");
    assertThat(TestConfigs.mountsUnder(runtime)).as(full.toString()).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();

    Files.delete(big);
    assertThat(HostProcesses.run("mount", "-o", "remount,size=512m", remote.toString()))
        .isZero();
    CliRun next = call("--backup");
    assertThat(next.code()).as(next.toString()).isEqualTo(3);
    assertThat(next.err()).contains("rotation of docs postponed");

    EndToEndTest.MountRun mount = EndToEndTest.MountRun.start(this::cli, config);
    try {
      Path root = mount.root();
      assertThat(root.resolve("docs.1/a.txt")).as("history kept").hasContent("one");
      assertThat(root.resolve("docs.0/a.txt")).hasContent("two");
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
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
