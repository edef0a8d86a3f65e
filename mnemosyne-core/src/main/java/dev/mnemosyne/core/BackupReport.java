package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.MnemosyneException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result of a backup run: per directory what was done, the run's warnings, and the
 * first error if it failed (later errors, such as failures to tear down, are attached to it
 * as suppressed exceptions).
 */
public record BackupReport(Instant started, Duration duration, List<DirectoryReport> directories,
    List<String> warnings, Optional<MnemosyneException> failure) {

  /** The overall outcome, most severe first. */
  public enum Outcome { FAILED, WARNINGS, SUCCESS }

  public BackupReport {
    requireNonNull(started, "started");
    requireNonNull(duration, "duration");
    directories = List.copyOf(directories);
    warnings = List.copyOf(warnings);
    requireNonNull(failure, "failure");
  }

  public Outcome outcome() {
    if (failure.isPresent()
        || directories.stream().anyMatch(d -> d.status() == DirectoryReport.Status.FAILED
            || d.status() == DirectoryReport.Status.SKIPPED)) {
      return Outcome.FAILED;
    }
    if (!warnings.isEmpty() || directories.stream().anyMatch(d -> d.status() != DirectoryReport.Status.SYNCED)) {
      return Outcome.WARNINGS;
    }
    return Outcome.SUCCESS;
  }
}
