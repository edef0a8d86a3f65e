package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.model.Compression;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.RotationStep;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.Stage;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.StateFiles;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.MirrorOptions;
import dev.mnemosyne.core.port.SnapshotFilesystem.Entry;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.core.port.Transfer;
import dev.mnemosyne.core.port.TransferResult;
import dev.mnemosyne.core.port.TransferStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one key's stages in a mounted store: rotates them when the policy says so, but only
 * when the live stage holds a complete sync, then mirrors the source into the live stage,
 * recording whether that sync completed. With a retention policy, the rotation also thins the
 * history to what the policy keeps ({@link RetentionRotation}).
 */
final class StageKeeper {
  private static final Logger log = LoggerFactory.getLogger(StageKeeper.class);

  private final MountedFilesystem fs;
  private final Transfer transfer;
  private final RotationPolicy policy;
  /** Whether the store's filesystem compresses: if not, zeros written in place must become holes. */
  private final boolean compressed;

  private final Clock clock;
  private final BackupListener listener;
  /** The stage indices of the key being backed up, as rotation changes them. */
  private Set<Integer> stagesNow = new java.util.HashSet<>();

  StageKeeper(
      MountedFilesystem fs,
      Transfer transfer,
      RotationPolicy policy,
      Compression compression,
      Clock clock,
      BackupListener listener) {
    this.fs = fs;
    this.transfer = transfer;
    this.policy = policy;
    this.compressed = compression != Compression.NONE;
    this.clock = clock;
    this.listener = listener;
  }

  /** Backs up {@code source}, leaving out also what {@code ownPlaces} (rsync patterns) match: the store's own places. */
  DirectoryReport backUp(SourceDirectory source, List<String> ownPlaces) {
    StageKey key = source.key();
    Instant started = clock.instant();
    List<String> warnings = new ArrayList<>();
    boolean rotated = false;
    try {
      List<Entry> entries = fs.entries();
      Set<Integer> existing = stagesOf(key, entries);
      boolean timesRecorded =
          entries.stream().anyMatch(e -> e.name().equals(StateFiles.times(key)));
      stagesNow = new java.util.HashSet<>(existing);
      if (existing.contains(0)) {
        refuseToEmpty(source, fs.root().resolve(Stage.live(key).name()));
      }
      rotated = rotateIfDue(key, existing, timesRecorded, started, warnings);
      Stage live = Stage.live(key);
      if (!existing.contains(0)) {
        listener.on(new BackupEvent.StepStarted(Step.CREATE_SUBVOLUME, live.name()));
        fs.createSubvolume(live.name());
      }
      markIncomplete(key, started);
      listener.on(
          new BackupEvent.StepStarted(Step.TRANSFER, source.directory() + " -> " + live.name()));
      TransferResult result = transfer.mirror(
          source.directory(),
          fs.root().resolve(live.name()),
          new MirrorOptions(
              Stream.concat(source.excludes().stream(), ownPlaces.stream())
                  .distinct()
                  .toList(),
              source.blockSize(),
              !compressed),
          progress -> listener.on(new BackupEvent.Progress(key.value(), progress)));
      SyncRecord.Status status =
          result.isComplete() ? SyncRecord.Status.COMPLETE : SyncRecord.Status.INCOMPLETE;
      fs.writeState(StateFiles.sync(key), new SyncRecord(status, clock.instant()).format());
      warnings.addAll(result.warnings());
      if (result.completeness() == TransferResult.Completeness.COMPLETE_VANISHED_FILES
          && result.warnings().isEmpty()) {
        warnings.add("files vanished from " + source.directory() + " while it was copied");
      }
      DirectoryReport.Status outcome = switch (result.completeness()) {
        case COMPLETE ->
          warnings.isEmpty()
              ? DirectoryReport.Status.SYNCED
              : DirectoryReport.Status.SYNCED_WITH_WARNINGS;
        case COMPLETE_VANISHED_FILES -> DirectoryReport.Status.SYNCED_WITH_WARNINGS;
        case PARTIAL -> DirectoryReport.Status.PARTIAL;
      };
      if (outcome == DirectoryReport.Status.PARTIAL) {
        warnings.add("the copy of " + source.directory() + " is partial: " + key
            + ".0 will not become history" + " until a complete copy succeeds");
      }
      warnings.forEach(w -> listener.on(new BackupEvent.Warning(key + ": " + w)));
      stagesNow.add(0);
      listener.on(new BackupEvent.StagesKept(key.value(), stagesNow.size()));
      return new DirectoryReport(
          key.value(),
          source.directory(),
          outcome,
          rotated,
          result.stats(),
          Duration.between(started, clock.instant()),
          warnings,
          Optional.empty());
    } catch (RuntimeException e) {
      MnemosyneException failure = Failures.asMnemosyne(e);
      log.debug("backup of {} failed", key, failure);
      return new DirectoryReport(
          key.value(),
          source.directory(),
          DirectoryReport.Status.FAILED,
          rotated,
          TransferStats.NONE,
          Duration.between(started, clock.instant()),
          warnings,
          Optional.of(failure));
    }
  }

  /**
   * Refuses to mirror an empty source over a live stage that holds files: an empty directory
   * where there was data is nearly always a filesystem that is not mounted, and mirroring it
   * would empty the live copy and, rotation by rotation, push every real copy out of history.
   */
  private static void refuseToEmpty(SourceDirectory source, Path live) {
    if (isEmpty(source.directory()).orElse(false) && !isEmpty(live).orElse(true)) {
      throw new EnvironmentNotReadyException(
          "directory " + source.directory() + " (key " + source.key() + ") is"
              + " empty, but its last copy " + live.getFileName()
              + " is not; refusing to mirror an empty directory over it"
              + " (is the filesystem that belongs there mounted?). If it is meant to be empty, put a file in it or remove"
              + " it from local.directories");
    }
  }

  /** Whether {@code dir} has no entries; empty if it cannot be listed (the copy will say why). */
  private static Optional<Boolean> isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return Optional.of(entries.findAny().isEmpty());
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /**
   * Records that a sync into the live stage has begun, unless the record says so already: a
   * store filled up by the last run has no room even for this record, and only the sync that
   * follows (deleting what the source no longer holds) can free it.
   */
  private void markIncomplete(StageKey key, Instant started) {
    boolean incomplete = fs.readState(StateFiles.sync(key))
        .map(SyncRecord::parse)
        .filter(r -> !r.isComplete())
        .isPresent();
    if (!incomplete) {
      fs.writeMark(
          StateFiles.sync(key), new SyncRecord(SyncRecord.Status.INCOMPLETE, started).format());
    }
  }

  private static Set<Integer> stagesOf(StageKey key, List<Entry> entries) {
    return entries.stream()
        .filter(e -> e.kind() == Entry.Kind.SUBVOLUME)
        .map(e -> Stage.parse(e.name()))
        .flatMap(Optional::stream)
        .filter(s -> s.key().equals(key))
        .map(Stage::index)
        .collect(Collectors.toSet());
  }

  /** Rotates {@code key} if due and its live stage is complete; returns whether it rotated. */
  private boolean rotateIfDue(
      StageKey key,
      Set<Integer> existing,
      boolean timesRecorded,
      Instant now,
      List<String> warnings) {
    Optional<Instant> last =
        fs.readState(StateFiles.lastRotation(key)).flatMap(StateFiles::parseLastRotation);
    if (!policy.isDue(last, now)) {
      return false;
    }
    if (last.filter(l -> RotationPolicy.isInTheFuture(l, now)).isPresent()) {
      warnings.add(
          "the last rotation of " + key + " is recorded at " + last.get() + ", after the time now ("
              + now
              + "): the clock was or is wrong; rotating now so that the history does not stop until then");
    }
    if (existing.contains(0)) {
      Optional<SyncRecord> sync = fs.readState(StateFiles.sync(key)).map(SyncRecord::parse);
      // A store made by the original tool has no sync record: its live stage is taken as complete.
      if (sync.isPresent() && !sync.get().isComplete()) {
        warnings.add("rotation of " + key + " postponed: the last copy into " + key
            + ".0 did not complete, so it" + " must not become history; this run completes it");
        return false;
      }
    }
    List<RotationStep> plan;
    Optional<HistoryTimes> times = Optional.empty();
    if (policy.keep().isPresent()) {
      HistoryTimes history = HistoryTimes.read(fs, key, existing);
      RetentionRotation.Plan thinning = RetentionRotation.plan(
          key,
          history.byIndex(),
          existing.contains(0),
          policy,
          now,
          policy.keep().get().timezone().orElse(clock.getZone()));
      if (thinning.decision().clockBehind()) {
        warnings.add("the history of " + key + " holds a point taken after the time now (" + now
            + "): the clock was"
            + " or is wrong; nothing is thinned out until the clock has passed it");
      }
      history.recordLearnt();
      times = Optional.of(history);
      plan = thinning.steps();
    } else {
      plan = Rotation.plan(key, existing, policy);
      if (timesRecorded) {
        times = Optional.of(HistoryTimes.tracking(fs, key));
      }
    }
    for (RotationStep step : plan) {
      if (times.isPresent()) {
        times.get().before(step, now);
      }
      if (step instanceof RotationStep.Snapshot) {
        // Once frozen, the live stage's content is history: until a new sync completes it must not
        // be
        // frozen again, or a run that fails before recording this rotation makes the next run
        // snapshot the
        // same content twice and push a real history stage out.
        fs.writeMark(
            StateFiles.sync(key), new SyncRecord(SyncRecord.Status.INCOMPLETE, now).format());
      }
      apply(step);
    }
    // A mark: the snapshot that ends a rotation commits its deletions and renames itself.
    fs.writeMark(StateFiles.lastRotation(key), StateFiles.formatLastRotation(now));
    return plan.stream().anyMatch(s -> s instanceof RotationStep.Snapshot);
  }

  private void apply(RotationStep step) {
    if (step instanceof RotationStep.Delete delete) {
      listener.on(
          new BackupEvent.StepStarted(Step.DELETE_SUBVOLUME, delete.stage().name()));
      fs.deleteSubvolume(delete.stage().name());
      stagesNow.remove(delete.stage().index());
    } else if (step instanceof RotationStep.Rename rename) {
      listener.on(
          new BackupEvent.StepStarted(Step.RENAME_SUBVOLUME, rename.from() + " -> " + rename.to()));
      fs.rename(rename.from().name(), rename.to().name());
      stagesNow.remove(rename.from().index());
      stagesNow.add(rename.to().index());
    } else if (step instanceof RotationStep.MoveDown move) {
      listener.on(
          new BackupEvent.StepStarted(Step.RENAME_SUBVOLUME, move.from() + " -> " + move.to()));
      fs.rename(move.from().name(), move.to().name());
      stagesNow.remove(move.from().index());
      stagesNow.add(move.to().index());
    } else if (step instanceof RotationStep.Snapshot snapshot) {
      listener.on(new BackupEvent.StepStarted(
          Step.SNAPSHOT_SUBVOLUME, snapshot.from() + " -> " + snapshot.to()));
      fs.snapshotReadOnly(snapshot.from().name(), snapshot.to().name());
      stagesNow.add(snapshot.to().index());
    }
  }
}
