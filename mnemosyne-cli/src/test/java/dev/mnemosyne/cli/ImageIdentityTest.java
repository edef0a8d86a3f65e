package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One image is one store however it is named: two configurations whose local remotes are one
 * directory, once by its path and once through a symbolic link, with the same store name, never
 * open the image at once. Without this both runs mount the image, the kernel gives the second
 * btrfs a temporary UUID, and history is lost.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class ImageIdentityTest {
  @TempDir
  Path temp;

  private Path runtime;
  private Path source;
  private Path configA;
  private Path configB;

  @BeforeEach
  void twoConfigurationsOfOneImage() throws IOException {
    runtime = temp.resolve("run");
    Path nas = Files.createDirectories(temp.resolve("nas"));
    Path link = Files.createSymbolicLink(temp.resolve("nas-link"), nas);
    source = Files.createDirectories(temp.resolve("docs"));
    Files.writeString(source.resolve("a.txt"), "one");
    configA = TestConfigs.unencryptedLocal(temp.resolve("a"), nas, 3, 0, source);
    configB = TestConfigs.unencryptedLocal(temp.resolve("b"), link, 3, 0, source);
    CliRun init = call("--init-store", configA);
    assertThat(init.code()).as(init.toString()).isZero();
    CliRun first = call("--backup", configA);
    assertThat(first.code()).as(first.toString()).isZero();
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  @Test
  void aStoreMountedDetachedUnderOneConfigurationIsLockedForTheOther() throws Exception {
    CliRun mounted = CliRun.call(cli(), "--mount", "--detach", "-c", configA.toString());
    assertThat(mounted.code()).as(mounted.toString()).isZero();
    String mountPoint = mounted.out().strip();

    CliRun refused = call("--backup", configB);

    assertThat(refused.code()).as(refused.toString()).isEqualTo(6);
    assertThat(refused.err())
        .contains("is open already as /dev/loop", "mounted at " + mountPoint)
        .doesNotContain("Exception");
    assertThat(btrfsMountsUnder(temp)).as("only the detached mount").hasSize(1);

    CliRun unmounted = call("--unmount", configA);
    assertThat(unmounted.code()).as(unmounted.toString()).isZero();
    Files.writeString(source.resolve("a.txt"), "two");
    CliRun backup = call("--backup", configB);
    assertThat(backup.code()).as(backup.toString()).isZero();
    assertHistory("two", "one");
  }

  @Test
  void aSecondRunThroughTheOtherNameIsRefusedWithTheHoldersPid() throws Exception {
    EndToEndTest.MountRun holder = EndToEndTest.MountRun.start(this::cli, configA);
    try {
      holder.root();

      CliRun refused = call("--backup", configB);

      assertThat(refused.code()).as(refused.toString()).isEqualTo(6);
      assertThat(refused.err())
          .contains(
              "is in use by another mnemosyne run (pid "
                  + ProcessHandle.current().pid() + ")",
              "another name for the same remote");
      assertThat(btrfsMountsUnder(temp)).as("only the holder's mount").hasSize(1);
    } finally {
      assertThat(holder.interrupt()).isEqualTo(130);
    }
    Files.writeString(source.resolve("a.txt"), "two");
    CliRun backup = call("--backup", configB);
    assertThat(backup.code()).as(backup.toString()).isZero();
    assertHistory("two", "one");
  }

  /**
   * The same filesystem reached through another file, as a NAS share mounted under two host
   * names shows one image as two files: here a copy of the image, whose btrfs has the same UUID.
   * While the original is mounted, the other is refused before its btrfs is mounted.
   */
  @Test
  void theSameFilesystemInAnotherFileIsRefusedWhileItIsMounted() throws Exception {
    Path nas = temp.resolve("nas");
    Path copy = Files.createDirectories(temp.resolve("nas-copy"));
    assertThat(HostProcesses.run(
            "cp",
            "--sparse=always",
            nas.resolve("test.btrfs").toString(),
            copy.resolve("test.btrfs").toString()))
        .isZero();
    Path configCopy = TestConfigs.unencryptedLocal(temp.resolve("c"), copy, 3, 0, source);
    CliRun mounted = CliRun.call(cli(), "--mount", "--detach", "-c", configA.toString());
    assertThat(mounted.code()).as(mounted.toString()).isZero();
    String mountPoint = mounted.out().strip();

    CliRun refused = call("--backup", configCopy);

    assertThat(refused.code()).as(refused.toString()).isEqualTo(6);
    assertThat(refused.err())
        .contains("is mounted already at " + mountPoint)
        .doesNotContain("Exception");
    assertThat(btrfsMountsUnder(temp)).as("only the detached mount").hasSize(1);
    assertThat(TestConfigs.loopsUnder(copy))
        .as("the copy's loop device is detached again")
        .isEmpty();
    CliRun unmounted = call("--unmount", configA);
    assertThat(unmounted.code()).as(unmounted.toString()).isZero();
  }

  /** The live stage holds {@code live} and the one snapshot {@code previous}: no run was lost. */
  private void assertHistory(String live, String previous) throws Exception {
    EndToEndTest.MountRun mount = EndToEndTest.MountRun.start(this::cli, configA);
    try {
      Path root = mount.root();
      assertThat(root.resolve("docs.0/a.txt")).hasContent(live);
      assertThat(root.resolve("docs.1/a.txt")).hasContent(previous);
      assertThat(root.resolve("docs.2")).doesNotExist();
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
  }

  private static List<String> btrfsMountsUnder(Path dir) {
    return TestConfigs.mountsUnder(dir).stream()
        .filter(line -> line.split(" ")[2].equals("btrfs"))
        .toList();
  }

  private CliRun call(String action, Path config) {
    return CliRun.call(cli(), action, "-c", config.toString());
  }

  private Cli cli() {
    return CliRun.linuxCli(runtime);
  }
}
