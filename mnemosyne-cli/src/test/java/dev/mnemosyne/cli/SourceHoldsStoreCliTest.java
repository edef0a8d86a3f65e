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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A source that holds the store, as a backup of {@code /} holds every local remote: the real
 * command leaves the remote directory out (found by its real path, also when the configuration
 * names it through a symbolic link), says so in {@code --check-config} and {@code --dry-run},
 * and keeps the history; a source inside the remote or the runtime directory exits 4 naming its
 * JSON path, with nothing locked or mounted.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class SourceHoldsStoreCliTest {
  @TempDir
  Path temp;

  private Path runtime;
  private Path source;
  private Path nas;

  @BeforeEach
  void aSourceThatHoldsTheRemote() throws IOException {
    runtime = temp.resolve("run");
    source = Files.createDirectories(temp.resolve("x"));
    Files.writeString(source.resolve("a.txt"), "one");
    nas = Files.createDirectories(source.resolve("nas"));
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  @ParameterizedTest(name = "remote named through a symbolic link: {0}")
  @ValueSource(booleans = {false, true})
  void theStoreIsLeftOutOfTheCopyAndTheHistoryIsKept(boolean throughALink) throws Exception {
    Path remote = throughALink ? Files.createSymbolicLink(temp.resolve("nas-link"), nas) : nas;
    Path config = TestConfigs.unencryptedLocal(temp.resolve("conf"), remote, 3, 0, source);

    CliRun checked = call("--check-config", config);
    assertThat(checked.code()).as(checked.toString()).isZero();
    assertThat(checked.err())
        .contains("leaving the store's remote directory", nas.toString(), "key x");
    assertThat(call("--init-store", config).code()).isZero();
    CliRun dryRun = CliRun.call(cli(), "--backup", "--dry-run", "-c", config.toString());
    assertThat(dryRun.code()).as(dryRun.toString()).isZero();
    assertThat(dryRun.out() + dryRun.err())
        .contains("leaving the store's remote directory", "--exclude=/nas/");

    CliRun first = call("--backup", config);
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.err()).contains("leaving the store's remote directory " + nas);
    Files.writeString(source.resolve("a.txt"), "two");
    CliRun second = call("--backup", config);
    assertThat(second.code()).as(second.toString()).isZero();

    EndToEndTest.MountRun mount = EndToEndTest.MountRun.start(this::cli, config);
    try {
      Path root = mount.root();
      assertThat(root.resolve("x.0/a.txt")).hasContent("two");
      assertThat(root.resolve("x.0/nas")).as("the store image is not copied").doesNotExist();
      assertThat(root.resolve("x.1/a.txt")).hasContent("one");
      assertThat(root.resolve("x.1/nas")).doesNotExist();
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
  }

  @Test
  void aSourceInsideTheRemoteIsAConfigurationErrorNamingItsPath() throws IOException {
    Path inner = Files.createDirectories(nas.resolve("inner"));
    Path config = TestConfigs.unencryptedLocal(temp.resolve("conf"), nas, 3, 0, inner);

    for (String action : new String[] {"--check-config", "--backup"}) {
      CliRun refused = call(action, config);

      assertThat(refused.code()).as(refused.toString()).isEqualTo(4);
      assertThat(refused.err())
          .contains(
              "local.directories[0].directory: " + inner,
              "lies inside the store's remote directory");
    }
    assertThat(runtime).as("nothing was locked or mounted").doesNotExist();
  }

  @Test
  void aSourceThatIsOrLiesInTheRuntimeDirectoryIsAConfigurationError() throws IOException {
    Files.createDirectories(runtime.resolve("some-store"));
    for (Path directory : new Path[] {runtime, runtime.resolve("some-store")}) {
      Path config = TestConfigs.unencryptedLocal(
          temp.resolve("conf"), temp.resolve("elsewhere"), 3, 0, directory);

      CliRun refused = call("--backup", config);

      assertThat(refused.code()).as(refused.toString()).isEqualTo(4);
      assertThat(refused.err())
          .contains("local.directories[0].directory: " + directory, "runtime directory");
    }
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
  }

  private CliRun call(String action, Path config) {
    return CliRun.call(cli(), action, "-c", config.toString());
  }

  private Cli cli() {
    return CliRun.linuxCli(runtime);
  }
}
