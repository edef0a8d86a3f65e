package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.MnemosyneException;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StateFiles;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import dev.mnemosyne.core.port.SnapshotFilesystem.Entry;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.core.port.Step;
import dev.mnemosyne.core.port.StepFailedException;
import dev.mnemosyne.core.port.StoreLockedException;
import dev.mnemosyne.core.port.TransferStats;
import dev.mnemosyne.core.port.VolumeKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command's use of one store: takes the lock, cleans up after a crashed run, mounts the
 * remote, opens the volume and mounts the filesystem, does the command's work, and tears
 * down in reverse order on every path.
 */
final class StoreSession {
  private static final Logger log = LoggerFactory.getLogger(StoreSession.class);
  /** The name an image has while {@code initStore} builds it; it gets its real name only when complete. */
  static final String PARTIAL_SUFFIX = ".mnemosyne-partial";

  private final Mnemosyne m;
  private final BackupConfig config;
  private final StoreId id;
  private final VolumeKey key;

  StoreSession(Mnemosyne m, BackupConfig config) {
    this.m = m;
    this.config = requireNonNull(config, "config");
    this.id = config.storeId();
    this.key = config.store().encryption() == Encryption.LUKS
        ? VolumeKey.keyFile(config.store().keyFile().orElseThrow(), config.store().keyDerivation())
        : VolumeKey.none();
  }

  // ---- initStore ----

  void initialise() {
    requireKey();
    Resources resources = new Resources();
    Optional<MnemosyneException> failure = Optional.empty();
    try {
      MountedRemote remote = openRemote(resources);
      Path image = remote.directory().resolve(config.store().name());
      if (!m.dryRun && Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
        throw new RefusedException("store image " + image + " exists already; refusing to initialise over it"
            + " (remove it by hand if it really is to be thrown away)");
      }
      Path partial = image.resolveSibling(image.getFileName() + PARTIAL_SUFFIX);
      deleteStalePartial(partial);
      try {
        buildStore(partial);
        step(Step.CREATE_IMAGE, "rename " + partial + " to " + image);
        if (!m.dryRun) {
          Files.move(partial, image, StandardCopyOption.ATOMIC_MOVE);
        }
      } catch (RuntimeException | IOException e) {
        deleteQuietly(partial);
        throw e instanceof IOException io
            ? new StepFailedException(Step.CREATE_IMAGE, "cannot name the store image " + image + ": " + io.getMessage(), io)
            : (RuntimeException) e;
      }
      m.listener.on(new BackupEvent.Notice("store " + image + " is ready (" + config.store().sizeGigabytes() + " GB, "
          + (config.store().encryption() == Encryption.LUKS ? "LUKS2 encrypted" : "UNENCRYPTED") + ")"));
    } catch (RuntimeException e) {
      failure = Optional.of(Failures.asMnemosyne(e));
    }
    resources.releaseOrThrow(failure);
  }

  /** Formats, opens and fills the partial image; everything it opened is closed before it returns. */
  private void buildStore(Path partial) {
    step(Step.FORMAT_VOLUME, partial.toString());
    m.encryptedVolume.format(partial, config.store().sizeBytes(), key);
    Resources inner = new Resources();
    Optional<MnemosyneException> failure = Optional.empty();
    try {
      step(Step.OPEN_VOLUME, partial.toString());
      OpenVolume volume = inner.add(m.encryptedVolume.open(partial, key, id));
      step(Step.MAKE_FILESYSTEM, volume.device().toString());
      m.snapshotFilesystem.makeFilesystem(volume.device(), "mnemosyne");
      step(Step.MOUNT_FILESYSTEM, volume.device().toString());
      MountedFilesystem fs = inner.add(m.snapshotFilesystem.mount(volume.device(), id));
      fs.writeState(StateFiles.MARKER, StateFiles.MARKER_CONTENT);
    } catch (RuntimeException e) {
      failure = Optional.of(Failures.asMnemosyne(e));
    }
    inner.releaseOrThrow(failure);
  }

  private void deleteStalePartial(Path partial) {
    if (!m.dryRun && Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
      m.listener.on(new BackupEvent.Notice("removing " + partial + ", left by an initialisation that did not finish"));
      try {
        Files.delete(partial);
      } catch (IOException e) {
        throw new StepFailedException(Step.CLEAN_UP_LEFTOVERS, "cannot remove " + partial + ": " + e.getMessage(), e);
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not remove the unfinished store image {}: {}", file, e.getMessage());
    }
  }

  // ---- backup ----

  BackupReport backup() {
    requireKey();
    for (SourceDirectory source : config.directories()) {
      SourceChecks.problem(source).ifPresent(problem -> {
        throw new EnvironmentNotReadyException(problem);
      });
    }
    Instant started = m.clock.instant();
    List<String> warnings = new ArrayList<>();
    List<DirectoryReport> directories = new ArrayList<>();
    Resources resources = new Resources();
    Optional<MnemosyneException> failure = Optional.empty();
    try {
      MountedFilesystem fs = openStore(resources, warnings);
      requireStore(fs);
      StageKeeper keeper = new StageKeeper(fs, m.transfer, config.strategy(), m.clock, m.listener);
      for (SourceDirectory source : config.directories()) {
        if (Thread.currentThread().isInterrupted()) {
          break;
        }
        DirectoryReport report = keeper.backUp(source);
        directories.add(report);
        m.listener.on(new BackupEvent.DirectoryFinished(report));
        if (report.failure().filter(StoreSession::stopsTheRun).isPresent()) {
          break;
        }
      }
    } catch (StoreLockedException e) {
      resources.releaseOrThrow(Optional.of(e));
      throw e;
    } catch (RuntimeException e) {
      failure = Optional.of(Failures.asMnemosyne(e));
    }
    if (failure.isEmpty()) {
      failure = directories.stream().map(DirectoryReport::failure).flatMap(Optional::stream).findFirst();
    }
    failure = resources.release(failure);
    for (SourceDirectory source : config.directories().subList(directories.size(), config.directories().size())) {
      directories.add(new DirectoryReport(source.key(), source.directory(), DirectoryReport.Status.SKIPPED, false,
          TransferStats.NONE, Duration.ZERO, List.of(), Optional.empty()));
    }
    Instant finished = m.clock.instant();
    return new BackupReport(started, Duration.between(started, finished), directories, warnings, failure);
  }

  private static boolean stopsTheRun(MnemosyneException e) {
    return e instanceof StepFailedException step && (step.reason() == StepFailedException.Reason.CANCELLED);
  }

  /**
   * Refuses a filesystem that is not a mnemosyne store. A store the original tool made (only
   * stages and their {@code .last} files, no marker) or an empty filesystem is adopted.
   */
  private void requireStore(MountedFilesystem fs) {
    step(Step.READ_STORE, fs.root().toString());
    List<Entry> entries = fs.entries();
    if (entries.stream().anyMatch(e -> e.name().equals(StateFiles.MARKER))) {
      return;
    }
    List<String> foreign = entries.stream().map(Entry::name).filter(n -> !StateFiles.isStoreEntry(n))
        .sorted().collect(Collectors.toList());
    if (!foreign.isEmpty()) {
      throw new RefusedException("the filesystem in store " + config.store().name() + " is not a mnemosyne store"
          + " (no " + StateFiles.MARKER + " marker, and it holds " + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
          + (foreign.size() > 5 ? ", …" : "") + "); refusing to write into it");
    }
    String message = entries.isEmpty()
        ? "the store's filesystem is empty and has no marker; adopting it as a mnemosyne store"
        : "adopting a store made by the original mnemosyne (" + entries.size() + " stage and state entries, no marker)";
    log.info(message);
    m.listener.on(new BackupEvent.Notice(message));
    fs.writeState(StateFiles.MARKER, StateFiles.MARKER_CONTENT);
  }

  // ---- mount ----

  MountedStore mount() {
    requireKey();
    Resources resources = new Resources();
    try {
      MountedFilesystem fs = openStore(resources, new ArrayList<>());
      return new MountedStore() {
        private boolean closed;

        @Override
        public Path root() {
          return fs.root();
        }

        @Override
        public synchronized void close() {
          if (!closed) {
            closed = true;
            resources.releaseOrThrow(Optional.empty());
          }
        }
      };
    } catch (RuntimeException e) {
      resources.releaseOrThrow(Optional.of(Failures.asMnemosyne(e)));
      throw new AssertionError("unreachable");
    }
  }

  // ---- shared opening steps ----

  private void requireKey() {
    if (config.store().encryption() == Encryption.LUKS) {
      KeyFiles.requireUsable(config.store().keyFile().orElseThrow());
    } else {
      String warning = "store " + config.store().name() + " is NOT encrypted (store.encryption is \"none\"):"
          + " only use this on a target that is encrypted already";
      log.warn(warning);
      m.listener.on(new BackupEvent.Warning(warning));
    }
  }

  /** Takes the lock, cleans up leftovers and mounts the remote. */
  private MountedRemote openRemote(Resources resources) {
    step(Step.ACQUIRE_LOCK, id.value());
    resources.add(m.runLock.acquire(id));
    step(Step.CLEAN_UP_LEFTOVERS, id.value());
    m.snapshotFilesystem.cleanUp(id);
    m.encryptedVolume.cleanUp(id);
    m.remoteMount.cleanUp(id);
    step(Step.MOUNT_REMOTE, config.remote().identity());
    return resources.add(m.remoteMount.mount(config.remote(), id));
  }

  private MountedFilesystem openStore(Resources resources, List<String> warnings) {
    MountedRemote remote = openRemote(resources);
    Path image = remote.directory().resolve(config.store().name());
    if (!m.dryRun && !Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
      throw new RefusedException("there is no store image " + config.store().name() + " on " + config.remote().identity()
          + "; run --init-store first");
    }
    step(Step.OPEN_VOLUME, image.toString());
    OpenVolume volume = resources.add(m.encryptedVolume.open(image, key, id));
    step(Step.MOUNT_FILESYSTEM, volume.device().toString());
    MountedFilesystem fs = resources.add(m.snapshotFilesystem.mount(volume.device(), id));
    SpaceReport.check(remote, fs, warnings, m.listener);
    return fs;
  }

  private void step(Step step, String detail) {
    log.debug("{}: {}", step.description(), detail);
    m.listener.on(new BackupEvent.StepStarted(step, detail));
  }
}
