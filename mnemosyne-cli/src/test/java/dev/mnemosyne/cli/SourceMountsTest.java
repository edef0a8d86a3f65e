package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filesystems mounted inside a source directory: another filesystem is copied, as
 * {@code rsync -a} does and as "back up this directory" means; the stores' own mount points
 * never are, even when the source holds the runtime directory (a backup of {@code /}).
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class SourceMountsTest {
  @TempDir
  Path temp;

  private Path source;
  private Path runtime;
  private Path config;
  private Path nested;

  @BeforeEach
  void layOut() throws IOException {
    Path remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("root"));
    runtime = source.resolve("run");
    Files.writeString(source.resolve("a.txt"), "one");
    nested = Files.createDirectories(source.resolve("nested"));
    config = TestConfigs.unencryptedLocal(temp, remote, 2, 24, source);
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  @Test
  void aNestedFilesystemIsCopiedAndTheStoresOwnMountsAreNot() throws Exception {
    assertThat(
            HostProcesses.run("mount", "-t", "tmpfs", "-o", "size=1m", "nested", nested.toString()))
        .isZero();
    Files.writeString(nested.resolve("n.txt"), "on another filesystem");
    assertThat(call("--init-store").code()).isZero();

    CliRun backup = call("--backup");

    assertThat(backup.code()).as(backup.toString()).isZero();
    EndToEndTest.MountRun mount = EndToEndTest.MountRun.start(this::cli, config);
    try {
      Path live = mount.root().resolve("root.0");
      assertThat(live.resolve("a.txt")).hasContent("one");
      assertThat(live.resolve("nested/n.txt")).hasContent("on another filesystem");
      assertThat(live.resolve("run")).doesNotExist();
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
  }

  private CliRun call(String action) {
    return CliRun.call(cli(), action, "-c", config.toString());
  }

  private Cli cli() {
    return CliRun.linuxCli(runtime);
  }
}
