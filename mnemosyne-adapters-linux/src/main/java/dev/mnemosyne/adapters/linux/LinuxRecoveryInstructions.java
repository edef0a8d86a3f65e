package dev.mnemosyne.adapters.linux;

import dev.mnemosyne.core.RecoveryKit;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.port.RecoveryInstructions;
import java.util.stream.Collectors;

/**
 * The RECOVERY.md of a recovery kit: how to get the data back by hand on a fresh Linux machine,
 * for this store, with mount, cryptsetup and rsync.
 */
final class LinuxRecoveryInstructions implements RecoveryInstructions {

  @Override
  public String text(BackupConfig config) {
    boolean luks = config.store().encryption() == Encryption.LUKS;
    String image = "/mnt/nas/" + config.store().name();
    String keys = config.directories().stream()
        .map(d -> "- `" + d.key() + "`: " + d.directory())
        .collect(Collectors.joining("\n"));
    String example = config.directories().stream()
        .findFirst()
        .map(SourceDirectory::key)
        .map(Object::toString)
        .orElse("home");
    StringBuilder s = new StringBuilder();
    s.append("# Recovering the mnemosyne store ")
        .append(config.store().name())
        .append(" by hand\n\n")
        .append(
            "This kit holds what you need to read the backups without mnemosyne, on any Linux machine:\n\n");
    if (luks) {
      s.append("- `")
          .append(RecoveryKit.KEY_FILE)
          .append("`: the store's key file. Whoever has it and the store")
          .append(
              " can read every backup: keep this kit offline and safe (a USB stick in a drawer, a safe).\n")
          .append("- `")
          .append(RecoveryKit.HEADER_FILE)
          .append("`: a copy of the LUKS header of the store image,")
          .append(" for when the header on the NAS is damaged (see the end).\n");
    }
    s.append("- `")
        .append(RecoveryKit.CONFIG_FILE)
        .append("`: the configuration, passwords removed.\n")
        .append("- this file.\n\n")
        .append(
            "The store keeps one directory per backed-up source, each as numbered stages: `KEY.0` is the")
        .append(" latest backup, `KEY.1` the one before, and so on. The keys of this store:\n\n")
        .append(keys.isEmpty() ? "- (none configured)" : keys)
        .append("\n\n")
        .append("You need the packages `util-linux`, `btrfs-progs`")
        .append(luks ? ", `cryptsetup-bin`" : "")
        .append(config.remote() instanceof Remote.Cifs ? ", `cifs-utils`" : "")
        .append(" and `rsync`, and root. Everything is opened read-only.\n\n")
        .append("```sh\nmkdir -p /mnt/nas /mnt/backup\n\n# 1. The remote, read-only:\n");
    Remote remote = config.remote();
    if (remote instanceof Remote.Cifs cifs) {
      s.append("mount -t cifs ")
          .append(cifs.volume())
          .append(" /mnt/nas -o ")
          .append(cifs.username().map(u -> "username=" + u + ",").orElse(""))
          .append("ro")
          .append("    # asks for the share's password\n");
    } else if (remote instanceof Remote.Block block) {
      s.append("mount -o ro ").append(block.device()).append(" /mnt/nas\n");
    } else if (remote instanceof Remote.Local local) {
      s.append("#    the store lies in ")
          .append(local.path())
          .append(" (mount that disk first if need be):\n")
          .append("mount --bind -o ro ")
          .append(local.path())
          .append(" /mnt/nas\n");
    }
    if (luks) {
      s.append(
              "\n# 2. The encrypted store image, opened read-only with the key file from this kit:\n")
          .append("cryptsetup open --readonly --key-file ")
          .append(RecoveryKit.KEY_FILE)
          .append(' ')
          .append(image)
          .append(" restore\n\n# 3. The btrfs filesystem inside, read-only:\n")
          .append("mount -o ro /dev/mapper/restore /mnt/backup\n");
    } else {
      s.append("\n# 2.-3. The (unencrypted) store image, read-only:\n")
          .append("mount -o loop,ro ")
          .append(image)
          .append(" /mnt/backup\n");
    }
    s.append("ls /mnt/backup          # ")
        .append(example)
        .append(".0 = the latest backup, ")
        .append(example)
        .append(".1 = the one before, …\n\n")
        .append("# 4. Copy back what you need, keeping owners, modes, ACLs and xattrs:\n")
        .append("rsync -aHAX --numeric-ids /mnt/backup/")
        .append(example)
        .append(".0/ /srv/restored/\n\n")
        .append("# 5. Close everything again, in reverse order:\n")
        .append("umount /mnt/backup\n");
    if (luks) {
      s.append("cryptsetup close restore\n");
    }
    s.append("umount /mnt/nas\n```\n");
    if (luks) {
      s.append(
              "\nIf step 2 fails with \"No key available with this passphrase\" although the key is right, or")
          .append(
              " \"not a valid LUKS device\", the header of the image may be damaged. Restore it from the")
          .append(" kit, on a copy of the image if you can spare the space:\n\n")
          .append("```sh\ncryptsetup luksHeaderRestore ")
          .append(image)
          .append(" --header-backup-file ")
          .append(RecoveryKit.HEADER_FILE)
          .append("\n```\n");
    }
    s.append("\nWith mnemosyne installed and `")
        .append(RecoveryKit.CONFIG_FILE)
        .append("` (its key file path")
        .append(
            " pointing at the key), `mnemosyne --list` shows the stages and `mnemosyne --restore KEY.STAGE:PATH")
        .append(" --target DIR` copies files back.\n");
    return s.toString();
  }
}
