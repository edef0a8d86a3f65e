package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What this client knows of a store's backups without mounting it: per configured key, when
 * its last successful backup finished and how old that is, against the age {@code maxAge}
 * that is tolerated. A last success more than {@link #CLOCK_TOLERANCE} in the future is a problem
 * too: the clock, or the record, is wrong, and until it is put right the record says nothing.
 */
public record BackupStatus(Duration maxAge, List<KeyStatus> keys) {
  /** How far in the future a recorded success may lie (clocks of two hosts, a small step back). */
  public static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

  public BackupStatus {
    requireNonNull(maxAge, "maxAge");
    keys = List.copyOf(keys);
  }

  /** Whether every key was backed up successfully within {@code maxAge}, and none in the future. */
  public boolean fresh() {
    return keys.stream().noneMatch(KeyStatus::problem);
  }

  /**
   * One key ({@code "home"}): its last successful backup (empty if none is recorded), its age then (negative if
   * it lies in the future), whether that is older than tolerated, and whether it lies more than
   * {@link #CLOCK_TOLERANCE} in the future.
   */
  public record KeyStatus(
      String key,
      Optional<Instant> lastSuccess,
      Optional<Duration> age,
      boolean tooOld,
      boolean inFuture) {
    public KeyStatus {
      requireNonNull(key, "key");
      requireNonNull(lastSuccess, "lastSuccess");
      requireNonNull(age, "age");
    }

    /** A key whose success is not in the future. */
    public KeyStatus(
        String key, Optional<Instant> lastSuccess, Optional<Duration> age, boolean tooOld) {
      this(key, lastSuccess, age, tooOld, false);
    }

    /** Whether this key needs attention: too old, never backed up, or recorded in the future. */
    public boolean problem() {
      return tooOld || inFuture;
    }
  }
}
