package dev.mnemosyne.core;

import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.EncryptedVolume.KeySlot;
import dev.mnemosyne.core.port.RecoveryInstructions;
import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import dev.mnemosyne.core.port.VolumeKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a recovery kit: the key and the image's LUKS header (read from the remote, under the
 * lock), the configuration without its secrets and the instructions. A kit that cannot be
 * completed is removed.
 */
final class RecoveryKitExport {
  private final StoreSession session;
  private final RunContext context;
  private final EncryptedVolume encryptedVolume;
  private final RecoveryInstructions instructions;
  private final Optional<Path> stateDirectory;
  private final BackupConfig config;

  RecoveryKitExport(
      StoreSession session,
      RunContext context,
      EncryptedVolume encryptedVolume,
      RecoveryInstructions instructions,
      Optional<Path> stateDirectory) {
    this.session = session;
    this.context = context;
    this.encryptedVolume = encryptedVolume;
    this.instructions = instructions;
    this.stateDirectory = stateDirectory;
    this.config = session.config();
  }

  RecoveryKit run(Path directory, String redactedConfig) {
    session.requireKey();
    Path dir = directory.toAbsolutePath().normalize();
    boolean created = RecoveryKits.createDirectory(dir);
    List<Path> files = new ArrayList<>();
    Optional<KeySlot> slot;
    try {
      slot = Resources.supply(resources -> {
        Optional<KeySlot> opened = Optional.empty();
        if (config.store().encryption() == Encryption.LUKS) {
          files.add(RecoveryKits.copyKey(
              config.store().keyFile().orElseThrow(), dir.resolve(RecoveryKit.KEY_FILE)));
          opened = Optional.of(copyHeader(session.openRemote(resources), dir, files));
        }
        files.add(RecoveryKits.write(dir.resolve(RecoveryKit.CONFIG_FILE), redactedConfig));
        files.add(RecoveryKits.write(
            dir.resolve(RecoveryKit.INSTRUCTIONS_FILE), instructions.text(config)));
        return opened;
      });
    } catch (RuntimeException e) {
      RecoveryKits.deleteQuietly(dir, created);
      throw e;
    }
    slot.ifPresent(s -> record(new KitRecords.Kit(context.clock().instant(), s, dir)));
    context
        .listener()
        .on(new BackupEvent.Notice("recovery kit written to " + dir
            + "; keep it offline and safe: it holds" + " the key"));
    return new RecoveryKit(dir, files);
  }

  /** Copies the image's LUKS header and records which key slot the kit's key opens; returns that slot. */
  private KeySlot copyHeader(MountedRemote remote, Path dir, List<Path> files) {
    Path image = session.image(remote);
    session.requireImage(image);
    session.step(Step.BACK_UP_HEADER, image + " -> " + dir.resolve(RecoveryKit.HEADER_FILE));
    encryptedVolume.backupHeader(image, dir.resolve(RecoveryKit.HEADER_FILE));
    files.add(RecoveryKits.makePrivate(dir.resolve(RecoveryKit.HEADER_FILE)));
    KeySlot slot = encryptedVolume.slotOf(image, (VolumeKey.KeyFile) session.key());
    files.add(RecoveryKits.write(
        dir.resolve(RecoveryKit.KEY_SLOT_FILE),
        "slot " + slot.number() + "\nsalt " + slot.salt() + "\n"));
    return slot;
  }

  /** Records on this client which key slot the kit's key opens, so that a key change can be told; a failure to is a warning. */
  private void record(KitRecords.Kit kit) {
    if (stateDirectory.isEmpty()) {
      return;
    }
    try {
      new KitRecords(stateDirectory.get(), session.id()).add(kit);
    } catch (java.io.IOException e) {
      context
          .listener()
          .on(new BackupEvent.Warning(
              "could not record the recovery kit in " + stateDirectory.get() + ": " + e.getMessage()
                  + "; a verification cannot tell when its key stops opening the store"));
    }
  }
}
