package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.MnemosyneException;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.core.port.Step;
import dev.mnemosyne.core.port.StepFailedException;
import dev.mnemosyne.core.port.VolumeKey;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command's use of one store: the opening steps every use case shares (the key check, the
 * lock, cleaning up after a crashed run, mounting the remote, opening the volume, mounting the
 * filesystem) and the step events. What it opens goes into the caller's {@link Resources},
 * which tear it down in reverse order on every path.
 */
final class StoreSession {
  private static final Logger log = LoggerFactory.getLogger(StoreSession.class);

  private final Mnemosyne m;
  private final BackupConfig config;
  private final StoreId id;
  private final VolumeKey key;
  /** The remote while it is mounted, to tell after a failed write whether it ran out of room. */
  private Optional<MountedRemote> remote = Optional.empty();
  /** Runs once the lock is taken and leftovers are cleaned up, before anything is mounted. */
  private Runnable beforeMounting = () -> {};

  StoreSession(Mnemosyne m, BackupConfig config) {
    HeapReserve.renew();
    this.m = m;
    this.config = requireNonNull(config, "config");
    this.id = config.storeId();
    this.key = config.store().encryption() == Encryption.LUKS
        ? VolumeKey.keyFile(config.store().keyFile().orElseThrow(), config.store().keyDerivation())
        : VolumeKey.none();
  }

  Mnemosyne mnemosyne() {
    return m;
  }

  BackupConfig config() {
    return config;
  }

  StoreId id() {
    return id;
  }

  VolumeKey key() {
    return key;
  }

  /** The remote, once {@link #openRemote} has mounted it. */
  Optional<MountedRemote> remote() {
    return remote;
  }

  /** Has {@code work} run after the lock is taken and leftovers are cleaned up, before the remote is mounted. */
  void beforeMounting(Runnable work) {
    this.beforeMounting = requireNonNull(work, "work");
  }

  /**
   * Refuses an unusable key file, and a CIFS credentials file that is not private; warns,
   * instead, that an unencrypted store is.
   */
  void requireKey() {
    CredentialsFiles.requirePrivate(config.remote());
    if (config.store().encryption() == Encryption.LUKS) {
      Path keyFile = config.store().keyFile().orElseThrow();
      if (Files.exists(KeyChange.newKeyOf(keyFile), LinkOption.NOFOLLOW_LINKS)) {
        String warning = "an interrupted key change left " + KeyChange.newKeyOf(keyFile) + ", which may be the key"
            + " that opens the store now; run --change-key to finish the change";
        log.warn(warning);
        m.listener.on(new BackupEvent.Warning(warning));
      }
      KeyFiles.requireUsable(keyFile);
    } else {
      String warning = "store " + config.store().name() + " is NOT encrypted (store.encryption is \"none\"):"
          + " only use this on a target that is encrypted already";
      log.warn(warning);
      m.listener.on(new BackupEvent.Warning(warning));
    }
  }

  /** Takes the lock into {@code lock} and cleans up what a crashed run of the store left mounted or open. */
  void lockAndCleanUp(Resources lock) {
    step(Step.ACQUIRE_LOCK, id.value());
    lock.add(m.runLock.acquire(id));
    step(Step.CLEAN_UP_LEFTOVERS, id.value());
    m.snapshotFilesystem.cleanUp(id);
    m.encryptedVolume.cleanUp(id);
    m.remoteMount.cleanUp(id);
  }

  /** Takes the lock, cleans up leftovers and mounts the remote. */
  MountedRemote openRemote(Resources resources) {
    return openRemote(resources, resources);
  }

  /** As {@link #openRemote(Resources)}, keeping the lock apart from the mounts. */
  MountedRemote openRemote(Resources lock, Resources resources) {
    lockAndCleanUp(lock);
    beforeMounting.run();
    step(Step.MOUNT_REMOTE, config.remote().identity());
    MountedRemote mounted = resources.add(m.remoteMount.mount(config.remote(), id));
    remote = Optional.of(mounted);
    return mounted;
  }

  /** Where the store image is on the mounted remote. */
  Path image(MountedRemote remote) {
    return remote.directory().resolve(config.store().name());
  }

  /** Refuses a remote that holds no store image. */
  void requireImage(Path image) {
    if (!Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
      throw new RefusedException("there is no store image " + config.store().name() + " on "
          + config.remote().identity() + "; run --init-store first");
    }
  }

  /** Opens the remote, the volume and the filesystem, and checks the space on both. */
  MountedFilesystem openStore(Resources resources, List<String> warnings) {
    return openStore(resources, resources, warnings);
  }

  /** As {@link #openStore(Resources, List)}, keeping the lock apart from the mounts. */
  MountedFilesystem openStore(Resources lock, Resources resources, List<String> warnings) {
    MountedRemote remote = openRemote(lock, resources);
    Path image = image(remote);
    // A dry run mounts no remote, so it can only tell of a local one that the image is missing.
    if (!m.dryRun || config.remote() instanceof Remote.Local) {
      requireImage(image);
    }
    lock.add(m.runLock.acquireImage(id, image));
    step(Step.OPEN_VOLUME, image.toString());
    OpenVolume volume = resources.add(namingTheImage(image, () -> m.encryptedVolume.open(image, key, id)));
    step(Step.MOUNT_FILESYSTEM, volume.device().toString());
    MountedFilesystem fs = resources.add(namingTheImage(image, () -> m.snapshotFilesystem.mount(volume.device(), id, config.store().compression())));
    SpaceReport.check(remote, fs, warnings, m.listener);
    return fs;
  }

  /**
   * Runs an opening step; a volume whose content is no filesystem to mount (a dry run tells from
   * the image's header) is refused naming the image it came from.
   */
  private <T> T namingTheImage(Path image, Supplier<T> opening) {
    try {
      return opening.get();
    } catch (StepFailedException e) {
      if (e.reason() != StepFailedException.Reason.NOT_A_STORE || e.step() != Step.MOUNT_FILESYSTEM) {
        throw e;
      }
      throw new RefusedException("the store image " + image + " is not a mnemosyne store: " + e.detail()
          + "; check remote and store.name (nothing was written to it)");
    }
  }

  /** Opens the store, checks it is one (changing nothing), runs {@code work} on it and tears down. */
  <T> T withStore(Function<MountedFilesystem, T> work) {
    requireKey();
    Resources resources = new Resources();
    Optional<T> result = Optional.empty();
    Optional<MnemosyneException> failure = Optional.empty();
    try {
      MountedFilesystem fs = openStore(resources, new ArrayList<>());
      step(Step.READ_STORE, fs.root().toString());
      marker().check(fs);
      result = Optional.of(work.apply(fs));
    } catch (RuntimeException | Error e) {
      failure = Optional.of(Failures.asMnemosyne(e));
    }
    resources.releaseOrThrow(failure);
    return result.orElseThrow();
  }

  /** Tells this store's filesystem for a mnemosyne store. */
  StoreMarker marker() {
    return new StoreMarker(config.store().name(), m.listener);
  }

  /** Announces the step about to run. */
  void step(Step step, String detail) {
    log.debug("{}: {}", step.description(), detail);
    m.listener.on(new BackupEvent.StepStarted(step, detail));
  }
}
