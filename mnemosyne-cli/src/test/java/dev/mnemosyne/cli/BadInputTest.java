package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user can get wrong on the host, with the real adapters: each ends in its documented
 * exit code with a message that says what to do, no stack trace, and nothing left mounted.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class BadInputTest {
  private static final String KEY = "0123456789abcdef".repeat(4);

  @TempDir
  Path temp;

  private Path remote;
  private Path source;
  private Path keyFile;

  @BeforeEach
  void layOut() throws IOException {
    remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("docs"));
    Files.writeString(source.resolve("a.txt"), "one");
    keyFile = temp.resolve("keys/store.key");
    Files.createDirectories(keyFile.getParent());
  }

  @AfterEach
  void nothingIsLeftMounted() throws Exception {
    try {
      assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
      assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
    } finally {
      HostCleanup.release(temp);
    }
  }

  private CliRun backupEncrypted() {
    Path config = TestConfigs.encryptedLocal(temp, remote, keyFile, source);
    return CliRun.call(new LinuxWiring(), temp.resolve("run"), "--backup", "-c", config.toString());
  }

  private CliRun backupUnencrypted(Path... sources) {
    Path config = TestConfigs.unencryptedLocal(temp, remote, 2, 24, sources);
    return CliRun.call(new LinuxWiring(), temp.resolve("run"), "--backup", "-c", config.toString());
  }

  private static void assertClean(CliRun run, int code, String... message) {
    assertThat(run.code()).as(run.toString()).isEqualTo(code);
    assertThat(run.err()).contains(message).doesNotContain("Exception", "\tat ");
  }

  @Test
  void aMissingKeyFileIsNotReady() {
    assertClean(backupEncrypted(), 5, "key file " + keyFile, "does not exist", "--init-key");
  }

  @Test
  void anEmptyKeyFileIsNotReady() throws IOException {
    Files.createFile(
        keyFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    assertClean(backupEncrypted(), 5, "key file " + keyFile + " is empty");
  }

  @Test
  void aKeyFileOthersCanReadIsRefused() throws IOException {
    Files.writeString(keyFile, KEY);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
    CliRun run = backupEncrypted();
    assertClean(run, 5, "readable by group or others", "chmod 600 " + keyFile);
    assertThat(run.err()).doesNotContain(KEY);
  }

  @Test
  void aStoreImageThatIsNotLuksIsNamedAsSuch() throws IOException {
    Files.writeString(keyFile, KEY);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Files.write(remote.resolve("test.btrfs"), new byte[4 << 20]);
    CliRun run = backupEncrypted();
    assertClean(run, 7, "is not a LUKS volume");
    assertThat(run.err()).doesNotContain(KEY);
  }

  @Test
  void aMissingSourceDirectoryIsNotReady() {
    Path missing = temp.resolve("nowhere");
    assertClean(backupUnencrypted(missing), 5, "directory " + missing, "does not exist");
  }

  @Test
  void aSourceThatIsASymbolicLinkIsNotReady() throws IOException {
    Path link = Files.createSymbolicLink(temp.resolve("link"), source);
    assertClean(
        backupUnencrypted(link), 5, "is a symbolic link", "configure the directory it points to");
  }

  @Test
  void aSourceThatIsSuddenlyEmptyIsNotMirroredOverItsCopy() throws IOException {
    Path config = TestConfigs.unencryptedLocal(temp, remote, 2, 0, source);
    assertThat(CliRun.call(
                new LinuxWiring(), temp.resolve("run"), "--init-store", "-c", config.toString())
            .code())
        .isZero();
    assertThat(backupUnencrypted(source).code()).isZero();
    Files.delete(source.resolve("a.txt"));

    assertClean(
        backupUnencrypted(source),
        5,
        "is empty, but its last copy docs.0 is not",
        "is the filesystem that belongs there mounted?");
  }

  @Test
  void aFilesystemThatIsNotAMnemosyneStoreIsRefused() throws IOException {
    Path image = remote.resolve("test.btrfs");
    assertThat(HostProcesses.run("truncate", "-s", "128M", image.toString())).isZero();
    assertThat(HostProcesses.run("mkfs.btrfs", "-q", "-f", image.toString())).isZero();
    Path mnt = Files.createDirectories(temp.resolve("mnt"));
    assertThat(HostProcesses.run("mount", "-o", "loop", image.toString(), mnt.toString()))
        .isZero();
    try {
      Files.writeString(mnt.resolve("thesis.tex"), "someone else's");
    } finally {
      assertThat(HostProcesses.run("umount", "-d", mnt.toString())).isZero();
    }
    assertClean(
        backupUnencrypted(source),
        7,
        "is not a mnemosyne store",
        "thesis.tex",
        "refusing to write into it");
  }
}
