package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --export-recovery-kit} with real cryptsetup: the LUKS header backup works on an image
 * file without device-mapper, so a LUKS2 image made here (with the cheapest key derivation)
 * stands for the store.
 */
@RequiresCapability({Capability.ROOT, Capability.CRYPTSETUP})
class RecoveryKitEndToEndTest {
  @TempDir
  Path temp;

  private static int run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
    return process.exitValue();
  }

  @Test
  void theKitHoldsARealHeaderBackupThatCryptsetupRecognises() throws Exception {
    Path remote = Files.createDirectories(temp.resolve("remote"));
    Path key = temp.resolve("key");
    Files.createFile(
        key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(key, "0123456789abcdef".repeat(4), StandardCharsets.US_ASCII);
    Path image = remote.resolve("test.btrfs");
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(32L << 20);
    }
    assertThat(run(List.of(
            "cryptsetup",
            "luksFormat",
            "--type",
            "luks2",
            "--batch-mode",
            "--pbkdf",
            "pbkdf2",
            "--pbkdf-force-iterations",
            "1000",
            "--key-file",
            key.toString(),
            image.toString())))
        .isZero();
    Path config = TestConfigs.encryptedLocal(
        temp, remote, key, Files.createDirectories(temp.resolve("data")));
    Path kit = temp.resolve("kit");

    CliRun export = CliRun.call(
        new LinuxWiring(),
        temp.resolve("run"),
        "--export-recovery-kit",
        kit.toString(),
        "--config",
        config.toString());

    assertThat(export.code()).as(export.toString()).isZero();
    Path header = kit.resolve("luks-header.img");
    assertThat(Files.getPosixFilePermissions(header))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(run(List.of("cryptsetup", "isLuks", header.toString())))
        .as("the header backup is LUKS")
        .isZero();
    assertThat(run(List.of(
            "cryptsetup",
            "open",
            "--test-passphrase",
            "--key-file",
            kit.resolve("store.key").toString(),
            header.toString())))
        .as("the kit's key opens the backed-up header")
        .isZero();
    assertThat(kit.resolve("RECOVERY.md"))
        .content()
        .contains(
            "cryptsetup open --readonly --key-file store.key " + "/mnt/nas/test.btrfs restore",
            "mount --bind -o ro " + remote + " /mnt/nas");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
  }
}
