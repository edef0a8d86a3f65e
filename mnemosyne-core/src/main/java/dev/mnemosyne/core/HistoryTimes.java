package dev.mnemosyne.core;

import dev.mnemosyne.core.model.PointTimes;
import dev.mnemosyne.core.model.RotationStep;
import dev.mnemosyne.core.model.Stage;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.StateFiles;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * When each history stage of one key was taken: its entry in {@code <key>.times}, or else the
 * snapshot's creation time as the filesystem tells it. Keeps the record right while stages
 * move: the target slot's entry is written before each move (see {@link PointTimes}).
 */
final class HistoryTimes {
  private final MountedFilesystem fs;
  private final StageKey key;
  private final Map<Integer, Optional<Instant>> byIndex;
  private PointTimes recorded;

  private HistoryTimes(
      MountedFilesystem fs,
      StageKey key,
      Map<Integer, Optional<Instant>> byIndex,
      PointTimes recorded) {
    this.fs = fs;
    this.key = key;
    this.byIndex = byIndex;
    this.recorded = recorded;
  }

  /** Reads the times of {@code existing} history stages (index 0 is left out). */
  static HistoryTimes read(MountedFilesystem fs, StageKey key, Set<Integer> existing) {
    PointTimes recorded =
        fs.readState(StateFiles.times(key)).map(PointTimes::parse).orElse(PointTimes.none());
    Map<Integer, Optional<Instant>> byIndex = new TreeMap<>();
    for (int index : existing) {
      if (index > 0) {
        Optional<Instant> time = recorded.at(index);
        byIndex.put(
            index,
            time.isPresent() ? time : fs.details(new Stage(key, index).name()).created());
      }
    }
    return new HistoryTimes(fs, key, byIndex, recorded);
  }

  /** A record that is kept up to date but was not read: the plain rotation of a store that has one. */
  static HistoryTimes tracking(MountedFilesystem fs, StageKey key) {
    PointTimes recorded =
        fs.readState(StateFiles.times(key)).map(PointTimes::parse).orElse(PointTimes.none());
    return new HistoryTimes(fs, key, new TreeMap<>(), recorded);
  }

  /** Each history stage's time, by index. */
  Map<Integer, Optional<Instant>> byIndex() {
    return byIndex;
  }

  /** Records the times learnt from the filesystem, so that later rotations need not ask it again. */
  void recordLearnt() {
    PointTimes all = recorded;
    for (Map.Entry<Integer, Optional<Instant>> e : byIndex.entrySet()) {
      if (e.getValue().isPresent()) {
        all = all.with(e.getKey(), e.getValue());
      }
    }
    write(all);
  }

  /** Writes the time of the slot {@code step} fills, before the step is taken. */
  void before(RotationStep step, Instant now) {
    if (step instanceof RotationStep.Rename rename) {
      write(recorded.with(rename.to().index(), recorded.at(rename.from().index())));
    } else if (step instanceof RotationStep.MoveDown move) {
      write(recorded.with(move.to().index(), recorded.at(move.from().index())));
    } else if (step instanceof RotationStep.Snapshot snapshot) {
      write(recorded.with(snapshot.to().index(), Optional.of(now)));
    }
  }

  private void write(PointTimes next) {
    if (!next.equals(recorded)) {
      fs.writeMark(StateFiles.times(key), next.format());
      recorded = next;
    }
  }
}
