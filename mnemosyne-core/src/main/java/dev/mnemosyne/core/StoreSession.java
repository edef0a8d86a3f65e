package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.Remedy;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.RemoteMount;
import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import dev.mnemosyne.core.port.RunLock;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
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
 * which tear it down in reverse order on every path; {@link #withRemote} and {@link #withStore}
 * run a piece of work with the remote or the store open and tear down after it.
 */
final class StoreSession {
  private static final Logger log = LoggerFactory.getLogger(StoreSession.class);

  private final BackupConfig config;
  private final RunContext context;
  private final RunLock runLock;
  private final RemoteMount remoteMount;
  private final EncryptedVolume encryptedVolume;
  private final SnapshotFilesystem snapshotFilesystem;
  private final StoreId id;
  private final VolumeKey key;
  /** The remote while it is mounted, to tell after a failed write whether it ran out of room. */
  private Optional<MountedRemote> remote = Optional.empty();
  /** Runs once the lock is taken and leftovers are cleaned up, before anything is mounted. */
  private Runnable beforeMounting = () -> {};

  StoreSession(
      BackupConfig config,
      RunContext context,
      RunLock runLock,
      RemoteMount remoteMount,
      EncryptedVolume encryptedVolume,
      SnapshotFilesystem snapshotFilesystem) {
    HeapReserve.renew();
    this.config = requireNonNull(config, "config");
    this.context = requireNonNull(context, "context");
    this.runLock = requireNonNull(runLock, "runLock");
    this.remoteMount = requireNonNull(remoteMount, "remoteMount");
    this.encryptedVolume = requireNonNull(encryptedVolume, "encryptedVolume");
    this.snapshotFilesystem = requireNonNull(snapshotFilesystem, "snapshotFilesystem");
    this.id = config.storeId();
    this.key = config.store().encryption() == Encryption.LUKS
        ? VolumeKey.keyFile(
            config.store().keyFile().orElseThrow(), config.store().keyDerivation())
        : VolumeKey.none();
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
        String warning = "an interrupted key change left " + KeyChange.newKeyOf(keyFile)
            + ", which may be the key"
            + " that opens the store now; change the key again to finish the change";
        log.warn(warning);
        context.listener().on(new BackupEvent.Warning(warning));
      }
      KeyFiles.requireUsable(keyFile);
    } else {
      String warning =
          "store " + config.store().name() + " is NOT encrypted (store.encryption is \"none\"):"
              + " only use this on a target that is encrypted already";
      log.warn(warning);
      context.listener().on(new BackupEvent.Warning(warning));
    }
  }

  /** Takes the lock into {@code lock} and cleans up what a crashed run of the store left mounted or open. */
  void lockAndCleanUp(Resources lock) {
    step(Step.ACQUIRE_LOCK, id.value());
    lock.add(runLock.acquire(id));
    step(Step.CLEAN_UP_LEFTOVERS, id.value());
    snapshotFilesystem.cleanUp(id);
    encryptedVolume.cleanUp(id);
    remoteMount.cleanUp(id);
  }

  /** Under the lock, tears down whatever this store has mounted or open: filesystem, volume, remote. */
  void cleanUpUnderLock() {
    Resources.run(this::lockAndCleanUp);
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
    MountedRemote mounted = resources.add(remoteMount.mount(config.remote(), id));
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
      throw new RefusedException(
          "there is no store image " + config.store().name() + " on "
              + config.remote().identity(),
          Remedy.INIT_STORE);
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
    if (!context.dryRun() || config.remote() instanceof Remote.Local) {
      requireImage(image);
    }
    lock.add(runLock.acquireImage(id, image));
    step(Step.OPEN_VOLUME, image.toString());
    OpenVolume volume =
        resources.add(namingTheImage(image, () -> encryptedVolume.open(image, key, id)));
    step(Step.MOUNT_FILESYSTEM, volume.device().toString());
    MountedFilesystem fs = resources.add(namingTheImage(
        image,
        () -> snapshotFilesystem.mount(volume.device(), id, config.store().compression())));
    SpaceReport.check(remote, fs, warnings, context.listener());
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
      if (e.reason() != StepFailedException.Reason.NOT_A_STORE
          || e.step() != Step.MOUNT_FILESYSTEM) {
        throw e;
      }
      throw new RefusedException("the store image " + image + " is not a mnemosyne store: "
          + e.detail() + "; check remote and store.name (nothing was written to it)");
    }
  }

  /**
   * Takes the lock, cleans up leftovers, mounts the remote, runs {@code work} with it and tears
   * down on every path (see {@link Resources#supply}).
   */
  <T> T withRemote(Function<MountedRemote, T> work) {
    return Resources.supply(resources -> work.apply(openRemote(resources)));
  }

  /** Opens the store, checks it is one (changing nothing), runs {@code work} on it and tears down. */
  <T> T withStore(Function<MountedFilesystem, T> work) {
    requireKey();
    return Resources.supply(resources -> {
      MountedFilesystem fs = openStore(resources, new ArrayList<>());
      step(Step.READ_STORE, fs.root().toString());
      marker().check(fs);
      return work.apply(fs);
    });
  }

  /** Tells this store's filesystem for a mnemosyne store. */
  StoreMarker marker() {
    return new StoreMarker(config.store().name(), context.listener());
  }

  /** Announces the step about to run. */
  void step(Step step, String detail) {
    log.debug("{}: {}", step.description(), detail);
    context.listener().on(new BackupEvent.StepStarted(step, detail));
  }
}
