package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.EncryptedVolume.KeySlot;
import dev.mnemosyne.core.port.VolumeKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Replacing a store's key, under the lock: a new key file {@code <keyfile>.new} is made (as
 * {@code initKey} makes one), added to a free LUKS key slot with the current key and tested;
 * the current key is copied to {@code <keyfile>.old}, its slot removed, and only then does the
 * new key replace {@code store.keyfile}; {@code .old} goes last. At every point one of these
 * files opens the store, and the next run finds which and finishes the change. The volume key
 * itself is unchanged: a copy of the header made before still opens with the old key.
 */
final class KeyChange {
  private final StoreSession session;
  private final RunContext context;
  private final EncryptedVolume encryptedVolume;
  private final Optional<Path> stateDirectory;
  private final BackupConfig config;

  KeyChange(
      StoreSession session,
      RunContext context,
      EncryptedVolume encryptedVolume,
      Optional<Path> stateDirectory) {
    this.session = session;
    this.context = context;
    this.encryptedVolume = encryptedVolume;
    this.stateDirectory = stateDirectory;
    this.config = session.config();
  }

  /** Where a key change keeps the new key until it replaces {@code keyFile}. */
  static Path newKeyOf(Path keyFile) {
    return keyFile.resolveSibling(keyFile.getFileName() + ".new");
  }

  /** Where a key change keeps the old key until the change is done. */
  static Path oldKeyOf(Path keyFile) {
    return keyFile.resolveSibling(keyFile.getFileName() + ".old");
  }

  KeyChangeReport run() {
    if (config.store().encryption() == Encryption.NONE) {
      throw new RefusedException("store.encryption is \"none\": this store has no key to change");
    }
    Path key = config.store().keyFile().orElseThrow();
    KeyFiles.requireUsable(key);
    return session.withRemote(remote -> {
      Path image = session.image(remote);
      return context.dryRun() ? describe(image, key) : change(image, key);
    });
  }

  private KeyChangeReport change(Path image, Path key) {
    session.requireImage(image);
    Path fresh = newKeyOf(key);
    Path old = oldKeyOf(key);
    Optional<String> resumed = Optional.empty();
    if (exists(fresh) && !opens(image, fresh)) {
      requireOpens(image, key, fresh, old);
      delete(fresh);
      resumed = note(
          fresh + ", left by an interrupted key change, never opened the store and was removed; "
              + key + " opens it; starting the change again");
    } else if (exists(fresh)) {
      resumed = note("an interrupted key change left " + fresh
          + ", which opens the store: finishing the change");
    } else if (exists(old)) {
      return finishAfterReplace(image, key, old);
    }
    if (!exists(fresh)) {
      session.step(Step.CREATE_KEY, fresh.toString());
      KeyFiles.create(fresh);
      session.step(Step.ADD_KEY, image.toString());
      encryptedVolume.addKey(image, current(), fresh);
    }
    session.step(Step.CHECK_KEY, fresh.toString());
    KeySlot slot = encryptedVolume.slotOf(image, keyFile(fresh));
    if (!exists(old)) {
      KeyFiles.copy(key, old);
    }
    OptionalInt removed = removeOldKey(image, old, slot);
    session.step(Step.REPLACE_KEY_FILE, fresh + " to " + key);
    replace(fresh, key);
    delete(old);
    KeySlot now = encryptedVolume.slotOf(image, keyFile(key));
    done(image, key);
    return new KeyChangeReport(key, OptionalInt.of(now.number()), removed, resumed, false);
  }

  /** Only {@code .old} is left: the new key replaced the key file; what remains is removing the old one. */
  private KeyChangeReport finishAfterReplace(Path image, Path key, Path old) {
    requireOpens(image, key, newKeyOf(key), old);
    Optional<String> resumed = note("an interrupted key change left " + old + "; " + key
        + " opens the store: finishing the change");
    KeySlot slot = encryptedVolume.slotOf(image, keyFile(key));
    OptionalInt removed = removeOldKey(image, old, slot);
    delete(old);
    done(image, key);
    return new KeyChangeReport(key, OptionalInt.of(slot.number()), removed, resumed, false);
  }

  /** Removes the slot {@code old} opens, unless it is the new key's own; empty when it opens none any more. */
  private OptionalInt removeOldKey(Path image, Path old, KeySlot keep) {
    KeySlot slot;
    try {
      slot = encryptedVolume.slotOf(image, keyFile(old));
    } catch (StepFailedException e) {
      if (e.reason() == Reason.WRONG_KEY) {
        return OptionalInt.empty();
      }
      throw e;
    }
    if (slot.number() == keep.number()) {
      return OptionalInt.empty();
    }
    session.step(Step.REMOVE_KEY, "key slot " + slot.number());
    encryptedVolume.removeKey(image, keyFile(old));
    return OptionalInt.of(slot.number());
  }

  private KeyChangeReport describe(Path image, Path key) {
    Path fresh = newKeyOf(key);
    Path old = oldKeyOf(key);
    session.step(Step.CREATE_KEY, fresh + " (256 random bits as 64 hex characters, mode 0600)");
    session.step(Step.ADD_KEY, image.toString());
    encryptedVolume.addKey(image, current(), fresh);
    session.step(Step.CHECK_KEY, fresh.toString());
    encryptedVolume.checkKey(image, keyFile(fresh));
    session.step(Step.CREATE_KEY, old + ", a copy of " + key + " until the change is done");
    session.step(Step.REMOVE_KEY, "the key slot " + key + " opens");
    encryptedVolume.removeKey(image, keyFile(old));
    session.step(Step.REPLACE_KEY_FILE, fresh + " to " + key + ", then remove " + old);
    return new KeyChangeReport(
        key, OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), true);
  }

  private void done(Path image, Path key) {
    if (stateDirectory.isPresent()) {
      try {
        new KitRecords(stateDirectory.get(), session.id())
            .stale(encryptedVolume.keySlots(image))
            .forEach(w -> context.listener().on(new BackupEvent.Warning(w)));
      } catch (IOException e) {
        context
            .listener()
            .on(new BackupEvent.Warning(
                "cannot read the record of recovery kits: " + e.getMessage()));
      }
    }
    context
        .listener()
        .on(
            new BackupEvent.Notice(
                "the store's key is changed: " + key + " holds the new key (keep a copy"
                    + " somewhere safe, away from the NAS); the old key no longer opens the store, but a copy of the LUKS header"
                    + " made before (a recovery kit) still opens with it: export a new recovery kit and destroy the old one"));
  }

  private Optional<String> note(String message) {
    context.listener().on(new BackupEvent.Notice(message));
    return Optional.of(message);
  }

  /** Refuses to go on unless {@code key} opens the store, naming the files that were tried. */
  private void requireOpens(Path image, Path key, Path fresh, Path old) {
    if (!opens(image, key)) {
      throw new EnvironmentNotReadyException("neither " + key + " nor " + fresh + " opens the store"
          + (exists(old)
              ? " (" + old
                  + (opens(image, old)
                      ? " does: copy it to " + key + " and change the key" + " again)"
                      : " does not either)")
              : "")
          + "; restore the key from your safe copy");
    }
  }

  private boolean opens(Path image, Path keyFile) {
    try {
      encryptedVolume.checkKey(image, keyFile(keyFile));
      return true;
    } catch (StepFailedException e) {
      if (e.reason() == Reason.WRONG_KEY) {
        return false;
      }
      throw e;
    }
  }

  /** The current key, with the configuration's key derivation, which the new key slot is made with. */
  private VolumeKey.KeyFile current() {
    return (VolumeKey.KeyFile) session.key();
  }

  private static VolumeKey.KeyFile keyFile(Path path) {
    return new VolumeKey.KeyFile(path, Optional.empty());
  }

  private static boolean exists(Path file) {
    return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
  }

  /** Renames {@code fresh} over {@code key} atomically and makes the rename durable. */
  private static void replace(Path fresh, Path key) {
    try {
      Files.move(fresh, key, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel dir =
          FileChannel.open(key.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      }
    } catch (IOException e) {
      throw new StepFailedException(
          Step.REPLACE_KEY_FILE,
          "cannot rename " + fresh + " to " + key + ": " + e.getMessage(),
          e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StepFailedException(
          Step.REPLACE_KEY_FILE, "cannot remove " + file + ": " + e.getMessage(), e);
    }
  }
}
