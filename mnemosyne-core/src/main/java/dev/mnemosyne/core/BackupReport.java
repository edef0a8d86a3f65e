package dev.mnemosyne.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.FailureKind;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.port.TransferStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The result of a backup run: per directory what was done, the run's warnings, and the
 * first error if it failed (later errors, such as failures to tear down, are attached to it
 * as suppressed exceptions). A {@link Outcome#FAILED} report always has its {@code failure}; an
 * interrupted run's is of kind {@link FailureKind#CANCELLED}. {@code warnings} are the run's
 * own (free space, status file, hooks); {@link #allWarnings()} adds every directory's.
 */
public record BackupReport(
    Instant started,
    Duration duration,
    List<DirectoryReport> directories,
    List<String> warnings,
    Optional<MnemosyneException> failure) {

  /** The overall outcome, most severe first. */
  public enum Outcome {
    FAILED,
    WARNINGS,
    SUCCESS
  }

  /**
   * One warning of a run: {@code key} is the directory it concerns, empty for a warning of the
   * whole run. Prints as {@code "home: rotation of home postponed: …"}.
   */
  public record Warning(Optional<String> key, String message) {
    public Warning {
      requireNonNull(key, "key");
      requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return key.map(k -> k + ": " + message).orElse(message);
    }
  }

  public BackupReport {
    requireNonNull(started, "started");
    requireNonNull(duration, "duration");
    directories = List.copyOf(directories);
    warnings = List.copyOf(warnings);
    requireNonNull(failure, "failure");
    checkArgument(
        failure.isPresent() || directories.stream().allMatch(d -> d.failure().isEmpty()),
        "a report with a failed or skipped directory must carry the run's failure");
  }

  public Outcome outcome() {
    if (failure.isPresent()
        || directories.stream()
            .anyMatch(d -> d.status() == DirectoryReport.Status.FAILED
                || d.status() == DirectoryReport.Status.SKIPPED)) {
      return Outcome.FAILED;
    }
    if (!warnings.isEmpty()
        || directories.stream().anyMatch(d -> d.status() != DirectoryReport.Status.SYNCED)) {
      return Outcome.WARNINGS;
    }
    return Outcome.SUCCESS;
  }

  /** What kind of failure ended the run, if it failed. */
  public Optional<FailureKind> failureKind() {
    return failure.map(FailureKind::of);
  }

  /** Every warning of the run in one list: the run's own first, then each directory's in order, with its key. */
  public List<Warning> allWarnings() {
    List<Warning> all = new ArrayList<>();
    warnings.forEach(w -> all.add(new Warning(Optional.empty(), w)));
    for (DirectoryReport d : directories) {
      d.warnings().forEach(w -> all.add(new Warning(Optional.of(d.key()), w)));
    }
    return List.copyOf(all);
  }

  /** The run's totals: files and bytes seen, copied and deleted, summed over its directories. */
  public TransferStats stats() {
    return directories.stream()
        .map(DirectoryReport::stats)
        .reduce(TransferStats.NONE, TransferStats::plus);
  }
}
