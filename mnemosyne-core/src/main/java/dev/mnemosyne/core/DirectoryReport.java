package dev.mnemosyne.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.FailureKind;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.port.TransferStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a backup did for one configured directory, named by its key ({@code "home"}). A
 * {@link Status#FAILED} directory's {@code failure} is what failed it; a {@link Status#SKIPPED}
 * one's is what stopped the run before it (an interruption, a failed mount …).
 */
public record DirectoryReport(
    String key,
    Path source,
    Status status,
    boolean rotated,
    TransferStats stats,
    Duration duration,
    List<String> warnings,
    Optional<MnemosyneException> failure) {

  /** How the directory's backup ended. */
  public enum Status {
    /** Copied completely. */
    SYNCED,
    /** Copied, with warnings (files vanished while copying, a rotation postponed). */
    SYNCED_WITH_WARNINGS,
    /** Some files could not be copied; the live stage is marked incomplete and will not become history. */
    PARTIAL,
    /** The backup of this directory failed. */
    FAILED,
    /** Not attempted, because the run stopped before it. */
    SKIPPED
  }

  public DirectoryReport {
    requireNonNull(key, "key");
    checkArgument(StageKey.isValid(key), "key '%s' is not a stage key", key);
    requireNonNull(source, "source");
    requireNonNull(status, "status");
    requireNonNull(stats, "stats");
    requireNonNull(duration, "duration");
    warnings = List.copyOf(warnings);
    requireNonNull(failure, "failure");
    checkArgument(
        failure.isPresent() || (status != Status.FAILED && status != Status.SKIPPED),
        "a %s directory (%s) must say why",
        status,
        key);
  }

  /** What kind of failure failed or skipped this directory, if one did. */
  public Optional<FailureKind> failureKind() {
    return failure.map(FailureKind::of);
  }
}
