package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.Secret;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.StoreSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The RECOVERY.md of a kit names this store's remote, image and keys, and never a password. */
class LinuxRecoveryInstructionsTest {
  private static final List<SourceDirectory> HOME =
      List.of(new SourceDirectory(new StageKey("home"), Path.of("/home")));

  private static BackupConfig config(Remote remote, Encryption encryption) {
    Optional<Path> key = encryption == Encryption.LUKS
        ? Optional.of(Path.of("/etc/mnemosyne/key"))
        : Optional.empty();
    return new BackupConfig(
        remote,
        new StoreSpec("workstation.btrfs", 100, encryption, key, Optional.empty()),
        RotationPolicy.ofHours(7, 24),
        HOME);
  }

  @Test
  void aShareIsMountedWithItsUserAndTheImageOpenedWithTheKitsKey() {
    String text = new LinuxRecoveryInstructions()
        .text(config(
            new Remote.Cifs(
                "//nas/backup",
                Optional.of("backup"),
                Optional.of(Secret.of("s3cret-password")),
                Optional.empty(),
                List.of()),
            Encryption.LUKS));

    assertThat(text)
        .contains(
            "mount -t cifs //nas/backup /mnt/nas -o username=backup,ro",
            "cryptsetup open --readonly --key-file store.key /mnt/nas/workstation.btrfs restore",
            "mount -o ro /dev/mapper/restore /mnt/backup",
            "`home`: /home",
            "home.0",
            "cifs-utils",
            "cryptsetup luksHeaderRestore /mnt/nas/workstation.btrfs --header-backup-file luks-header.img",
            "cryptsetup close restore")
        .doesNotContain("s3cret-password");
  }

  @Test
  void anUnencryptedStoreOnABlockDeviceIsALoopMountWithoutCryptsetup() {
    String text = new LinuxRecoveryInstructions()
        .text(config(new Remote.Block("UUID=441c", List.of()), Encryption.NONE));

    assertThat(text)
        .contains(
            "mount -o ro UUID=441c /mnt/nas",
            "mount -o loop,ro /mnt/nas/workstation.btrfs /mnt/backup")
        .doesNotContain("cryptsetup", "store.key");
  }
}
