package dev.mnemosyne.core;

import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.MnemosyneException;
import dev.mnemosyne.core.port.EncryptedVolume.KeySlot;
import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import dev.mnemosyne.core.port.Step;
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
  private final Mnemosyne m;
  private final BackupConfig config;

  RecoveryKitExport(StoreSession session) {
    this.session = session;
    this.m = session.mnemosyne();
    this.config = session.config();
  }

  RecoveryKit run(Path directory, String redactedConfig) {
    session.requireKey();
    Path dir = directory.toAbsolutePath().normalize();
    boolean created = RecoveryKits.createDirectory(dir);
    List<Path> files = new ArrayList<>();
    Resources resources = new Resources();
    Optional<MnemosyneException> failure = Optional.empty();
    Optional<KeySlot> slot = Optional.empty();
    try {
      if (config.store().encryption() == Encryption.LUKS) {
        files.add(RecoveryKits.copyKey(config.store().keyFile().orElseThrow(), dir.resolve(RecoveryKit.KEY_FILE)));
        MountedRemote remote = session.openRemote(resources);
        Path image = session.image(remote);
        session.requireImage(image);
        session.step(Step.BACK_UP_HEADER, image + " -> " + dir.resolve(RecoveryKit.HEADER_FILE));
        m.encryptedVolume.backupHeader(image, dir.resolve(RecoveryKit.HEADER_FILE));
        files.add(RecoveryKits.makePrivate(dir.resolve(RecoveryKit.HEADER_FILE)));
        slot = Optional.of(m.encryptedVolume.slotOf(image, (VolumeKey.KeyFile) session.key()));
        files.add(RecoveryKits.write(dir.resolve(RecoveryKit.KEY_SLOT_FILE), "slot " + slot.get().number() + "\nsalt "
            + slot.get().salt() + "\n"));
      }
      files.add(RecoveryKits.write(dir.resolve(RecoveryKit.CONFIG_FILE), redactedConfig));
      files.add(RecoveryKits.write(dir.resolve(RecoveryKit.INSTRUCTIONS_FILE), RecoveryInstructions.text(config)));
    } catch (RuntimeException | Error e) {
      failure = Optional.of(Failures.asMnemosyne(e));
    }
    failure = resources.release(failure);
    if (failure.isPresent()) {
      RecoveryKits.deleteQuietly(dir, created);
      throw failure.get();
    }
    slot.ifPresent(s -> record(new KitRecords.Kit(m.clock.instant(), s, dir)));
    m.listener.on(new BackupEvent.Notice("recovery kit written to " + dir + "; keep it offline and safe: it holds"
        + " the key"));
    return new RecoveryKit(dir, files);
  }

  /** Records on this client which key slot the kit's key opens, so that a key change can be told; a failure to is a warning. */
  private void record(KitRecords.Kit kit) {
    if (m.stateDirectory.isEmpty()) {
      return;
    }
    try {
      new KitRecords(m.stateDirectory.get(), session.id()).add(kit);
    } catch (java.io.IOException e) {
      m.listener.on(new BackupEvent.Warning("could not record the recovery kit in " + m.stateDirectory.get() + ": "
          + e.getMessage() + "; --verify cannot tell when its key stops opening the store"));
    }
  }
}
