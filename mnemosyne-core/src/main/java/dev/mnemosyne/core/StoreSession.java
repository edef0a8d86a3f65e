package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.MnemosyneException;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.Stage;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.SyncRecord;
import dev.mnemosyne.core.model.StateFiles;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import dev.mnemosyne.core.port.SnapshotFilesystem.Entry;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.core.port.SpaceUsage;
import dev.mnemosyne.core.port.Step;
import dev.mnemosyne.core.port.StepFailedException;
import dev.mnemosyne.core.port.ScrubResult;
import dev.mnemosyne.core.port.StoreLockedException;
import dev.mnemosyne.core.port.SubvolumeDetails;
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
import java.util.Random;
import java.util.function.Function;
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
  /** Less free space than this on the remote after a failed write means the image could not grow. */
  static final long FULL_REMOTE_BYTES = 64L << 20;

  private final Mnemosyne m;
  private final BackupConfig config;
  private final StoreId id;
  private final VolumeKey key;
  /** The remote while it is mounted, to tell after a failed write whether it ran out of room. */
  private Optional<MountedRemote> remote = Optional.empty();

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
    failure = failure.map(this::explainFullRemote);
    failure = resources.release(failure);
    recordStatus(directories, warnings);
    for (SourceDirectory source : config.directories().subList(directories.size(), config.directories().size())) {
      directories.add(new DirectoryReport(source.key(), source.directory(), DirectoryReport.Status.SKIPPED, false,
          TransferStats.NONE, Duration.ZERO, List.of(), Optional.empty()));
    }
    Instant finished = m.clock.instant();
    return new BackupReport(started, Duration.between(started, finished), directories, warnings, failure);
  }

  /**
   * A write into the store that failed because the remote under its sparse image is full reads
   * as an I/O error; while the remote is still mounted, this tells it for what it is.
   */
  private MnemosyneException explainFullRemote(MnemosyneException failure) {
    if (m.dryRun || remote.isEmpty() || !(failure instanceof StepFailedException step)
        || step.reason() != StepFailedException.Reason.ERROR) {
      return failure;
    }
    SpaceUsage share;
    try {
      share = remote.get().space();
    } catch (RuntimeException e) {
      return failure;
    }
    if (share.totalBytes() <= 0 || share.freeBytes() >= FULL_REMOTE_BYTES) {
      return failure;
    }
    return new StepFailedException(step.step(), StepFailedException.Reason.NO_SPACE, "the remote is full ("
        + SpaceReport.describe(share) + " free), so the store image cannot grow and the last changes were not"
        + " written; free space on the remote and run again (" + failure.getMessage() + ")", failure);
  }

  /** Records on this client which keys were backed up successfully; a failure to is a warning. */
  private void recordStatus(List<DirectoryReport> directories, List<String> warnings) {
    if (m.dryRun || m.stateDirectory.isEmpty()) {
      return;
    }
    List<StageKey> synced = directories.stream()
        .filter(d -> d.status() == DirectoryReport.Status.SYNCED || d.status() == DirectoryReport.Status.SYNCED_WITH_WARNINGS)
        .map(DirectoryReport::key).collect(Collectors.toList());
    if (synced.isEmpty()) {
      return;
    }
    StatusFile file = new StatusFile(m.stateDirectory.get(), id);
    try {
      file.record(synced, m.clock.instant());
    } catch (IOException | RuntimeException e) {
      String warning = "cannot record the backup's status in " + file.path() + ": " + e.getMessage();
      log.warn(warning);
      m.listener.on(new BackupEvent.Warning(warning));
      warnings.add(warning);
    }
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
    Resources lock = new Resources();
    Resources resources = new Resources();
    try {
      MountedFilesystem fs = openStore(lock, resources, new ArrayList<>());
      return new MountedStore() {
        private boolean closed;

        @Override
        public Path root() {
          return fs.root();
        }

        @Override
        public synchronized void detach() {
          if (!closed) {
            closed = true;
            lock.releaseOrThrow(Optional.empty());
          }
        }

        @Override
        public synchronized void close() {
          if (!closed) {
            closed = true;
            Optional<MnemosyneException> failure = resources.release(Optional.empty());
            lock.releaseOrThrow(failure);
          }
        }
      };
    } catch (RuntimeException e) {
      Optional<MnemosyneException> failure = resources.release(Optional.of(Failures.asMnemosyne(e)));
      lock.releaseOrThrow(failure);
      throw new AssertionError("unreachable");
    }
  }

  // ---- list ----

  StoreListing list() {
    return withStore(fs -> {
      List<StageListing> stages = new ArrayList<>();
      for (Entry entry : fs.entries()) {
        Optional<Stage> parsed = Stage.parse(entry.name());
        if (entry.kind() != Entry.Kind.SUBVOLUME || parsed.isEmpty()) {
          continue;
        }
        Stage stage = parsed.get();
        SubvolumeDetails details = fs.details(entry.name());
        if (stage.isLive()) {
          // A store made by the original tool has no sync record: when and how well it synced is unknown.
          Optional<SyncRecord> sync = fs.readState(StateFiles.sync(stage.key())).map(SyncRecord::parse)
              .filter(r -> !r.at().equals(Instant.EPOCH));
          stages.add(new StageListing(stage, sync.map(SyncRecord::at), sync.map(SyncRecord::isComplete),
              entry.readOnly(), details));
        } else {
          stages.add(new StageListing(stage, details.created(), Optional.empty(), entry.readOnly(), details));
        }
      }
      return new StoreListing(stages);
    });
  }

  // ---- restore ----

  RestoreReport restore(RestoreRequest request) {
    Optional<SourceDirectory> source = config.directories().stream()
        .filter(d -> d.key().equals(request.key())).findFirst();
    Path target = request.target().toAbsolutePath().normalize();
    Path relative = RestorePaths.inStage(request.path(), source.map(SourceDirectory::directory));
    RestorePaths.checkTarget(target, source.map(SourceDirectory::directory), request.force());
    Stage stage = new Stage(request.key(), request.stage());
    return withStore(fs -> {
      List<String> present = fs.entries().stream().filter(e -> e.kind() == Entry.Kind.SUBVOLUME)
          .map(Entry::name).filter(n -> Stage.parse(n).filter(s -> s.key().equals(stage.key())).isPresent())
          .sorted().collect(Collectors.toList());
      if (!present.contains(stage.name())) {
        throw new RefusedException("the store holds no stage " + stage + (present.isEmpty()
            ? " (and no stage of key " + stage.key() + " at all)" : "; it holds " + String.join(", ", present)));
      }
      Path stageRoot = fs.root().resolve(stage.name());
      Path from = RestorePaths.confine(stageRoot, relative);
      if (!request.dryRun()) {
        RestorePaths.createTarget(target);
      }
      step(Step.RESTORE, from + " -> " + target + (request.dryRun() ? " (dry run)" : ""));
      List<String> listed = new ArrayList<>();
      long items = m.transfer.restore(from, target, request.dryRun(), item -> {
        if (request.dryRun()) {
          listed.add(item);
        }
      });
      return new RestoreReport(stage, relative.toString(), target, request.dryRun(), items, listed);
    });
  }

  // ---- unmount ----

  /** Under the lock, tears down whatever this store has mounted or open: filesystem, volume, remote. */
  void unmount() {
    Resources resources = new Resources();
    Optional<MnemosyneException> failure = Optional.empty();
    try {
      step(Step.ACQUIRE_LOCK, id.value());
      resources.add(m.runLock.acquire(id));
      step(Step.CLEAN_UP_LEFTOVERS, id.value());
      m.snapshotFilesystem.cleanUp(id);
      m.encryptedVolume.cleanUp(id);
      m.remoteMount.cleanUp(id);
    } catch (RuntimeException e) {
      failure = Optional.of(Failures.asMnemosyne(e));
    }
    resources.releaseOrThrow(failure);
  }

  // ---- verify ----

  VerifyReport verify(VerifyOptions options) {
    return withStore(fs -> {
      step(Step.SCRUB, fs.root() + " (at most " + options.scrubTimeout() + ")");
      ScrubResult scrub = fs.scrub(options.scrubTimeout());
      List<VerifyReport.KeyCheck> keys = new ArrayList<>();
      Random random = new Random();
      for (SourceDirectory source : config.directories()) {
        StageKey key = source.key();
        Path live = fs.root().resolve(Stage.live(key).name());
        Optional<SyncRecord> sync = fs.readState(StateFiles.sync(key)).map(SyncRecord::parse);
        Optional<String> note = !Files.isDirectory(live, LinkOption.NOFOLLOW_LINKS) ? Optional.of("no live stage yet")
            : !Files.isDirectory(source.directory()) ? Optional.of("the source directory is missing")
            : sync.filter(SyncRecord::isComplete).isEmpty() ? Optional.of("the last sync did not complete (or is not"
                + " recorded); nothing to compare against") : Optional.empty();
        if (note.isPresent()) {
          keys.add(new VerifyReport.KeyCheck(key, source.directory(), sync.map(SyncRecord::at), 0, 0, List.of(), note));
          continue;
        }
        step(Step.COMPARE, source.directory() + " <-> " + Stage.live(key));
        keys.add(new LiveStageComparison(source, live, sync.get().at(), options.sample(), random).run());
      }
      return new VerifyReport(scrub, keys);
    });
  }

  // ---- recovery kit ----

  RecoveryKit exportRecoveryKit(Path directory, String redactedConfig) {
    requireKey();
    Path dir = directory.toAbsolutePath().normalize();
    boolean created = RecoveryKits.createDirectory(dir);
    List<Path> files = new ArrayList<>();
    Resources resources = new Resources();
    Optional<MnemosyneException> failure = Optional.empty();
    try {
      if (config.store().encryption() == Encryption.LUKS) {
        files.add(RecoveryKits.copyKey(config.store().keyFile().orElseThrow(), dir.resolve(RecoveryKit.KEY_FILE)));
        MountedRemote remote = openRemote(resources);
        Path image = remote.directory().resolve(config.store().name());
        if (!Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
          throw new RefusedException("there is no store image " + config.store().name() + " on "
              + config.remote().identity() + "; run --init-store first");
        }
        step(Step.BACK_UP_HEADER, image + " -> " + dir.resolve(RecoveryKit.HEADER_FILE));
        m.encryptedVolume.backupHeader(image, dir.resolve(RecoveryKit.HEADER_FILE));
        files.add(RecoveryKits.makePrivate(dir.resolve(RecoveryKit.HEADER_FILE)));
      }
      files.add(RecoveryKits.write(dir.resolve(RecoveryKit.CONFIG_FILE), redactedConfig));
      files.add(RecoveryKits.write(dir.resolve(RecoveryKit.INSTRUCTIONS_FILE), RecoveryInstructions.text(config)));
    } catch (RuntimeException e) {
      failure = Optional.of(Failures.asMnemosyne(e));
    }
    failure = resources.release(failure);
    if (failure.isPresent()) {
      RecoveryKits.deleteQuietly(dir, created);
      throw failure.get();
    }
    m.listener.on(new BackupEvent.Notice("recovery kit written to " + dir + "; keep it offline and safe: it holds"
        + " the key"));
    return new RecoveryKit(dir, files);
  }

  /** Opens the store, checks it is one (changing nothing), runs {@code work} on it and tears down. */
  private <T> T withStore(Function<MountedFilesystem, T> work) {
    requireKey();
    Resources resources = new Resources();
    Optional<T> result = Optional.empty();
    Optional<MnemosyneException> failure = Optional.empty();
    try {
      MountedFilesystem fs = openStore(resources, new ArrayList<>());
      step(Step.READ_STORE, fs.root().toString());
      List<String> foreign = fs.entries().stream().map(Entry::name).filter(n -> !StateFiles.isStoreEntry(n))
          .sorted().collect(Collectors.toList());
      if (!foreign.isEmpty() && fs.entries().stream().noneMatch(e -> e.name().equals(StateFiles.MARKER))) {
        throw new RefusedException("the filesystem in store " + config.store().name() + " is not a mnemosyne store"
            + " (no " + StateFiles.MARKER + " marker)");
      }
      result = Optional.of(work.apply(fs));
    } catch (RuntimeException e) {
      failure = Optional.of(Failures.asMnemosyne(e));
    }
    resources.releaseOrThrow(failure);
    return result.orElseThrow();
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
    return openRemote(resources, resources);
  }

  private MountedRemote openRemote(Resources lock, Resources resources) {
    step(Step.ACQUIRE_LOCK, id.value());
    lock.add(m.runLock.acquire(id));
    step(Step.CLEAN_UP_LEFTOVERS, id.value());
    m.snapshotFilesystem.cleanUp(id);
    m.encryptedVolume.cleanUp(id);
    m.remoteMount.cleanUp(id);
    step(Step.MOUNT_REMOTE, config.remote().identity());
    MountedRemote mounted = resources.add(m.remoteMount.mount(config.remote(), id));
    remote = Optional.of(mounted);
    return mounted;
  }

  private MountedFilesystem openStore(Resources resources, List<String> warnings) {
    return openStore(resources, resources, warnings);
  }

  private MountedFilesystem openStore(Resources lock, Resources resources, List<String> warnings) {
    MountedRemote remote = openRemote(lock, resources);
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
