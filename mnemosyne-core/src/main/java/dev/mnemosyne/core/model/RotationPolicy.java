package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How much history a store keeps: {@code stages} stages per key (the live {@code .0} plus
 * {@code stages - 1} read-only snapshots), turned over when {@code period} has passed since
 * the last rotation. A zero period rotates on every run; one stage keeps no history. With a
 * {@code keep} policy, each rotation also thins the history to what that policy keeps, and
 * {@code stages} is only a cap ({@link #NO_CAP} for none).
 */
public record RotationPolicy(int stages, Duration period, Optional<RetentionPolicy> keep) {
  /** {@code stages} of a policy with {@code keep} and no cap on the points kept. */
  public static final int NO_CAP = Integer.MAX_VALUE;

  /**
   * How far in the future a recorded rotation may lie before it counts as the mark of a wrong
   * clock (then or now) rather than a small step back of the time.
   */
  public static final Duration CLOCK_TOLERANCE = Duration.ofHours(1);

  public RotationPolicy {
    checkArgument(stages >= 1, "stages (%s) must be at least 1", stages);
    requireNonNull(period, "period");
    checkArgument(!period.isNegative(), "rotation period (%s) must not be negative", period);
    requireNonNull(keep, "keep");
    checkArgument(
        stages != NO_CAP || keep.isPresent(), "stages must be given without a retention policy");
  }

  /** Evenly spaced history, as the original tool kept it: no retention policy. */
  public RotationPolicy(int stages, Duration period) {
    this(stages, period, Optional.empty());
  }

  /** This policy thinned by {@code keep}, with {@code stages} as its cap. */
  public RotationPolicy keeping(RetentionPolicy keep) {
    return new RotationPolicy(stages, period, Optional.of(keep));
  }

  /** The most history points kept besides the live stage, or empty without a cap. */
  public Optional<Integer> historyCap() {
    return stages == NO_CAP ? Optional.empty() : Optional.of(stages - 1);
  }

  /** The policy as the original configuration states it: a count and a period in hours. */
  public static RotationPolicy ofHours(int stages, double hours) {
    checkArgument(
        hours >= 0 && Double.isFinite(hours), "rotate (%s hours) must not be negative", hours);
    return new RotationPolicy(stages, Duration.ofMillis(Math.round(hours * 3_600_000d)));
  }

  /** Whether history is kept at all. */
  public boolean keepsHistory() {
    return stages > 1;
  }

  /**
   * Whether a rotation is due at {@code now}, given when the last one happened; a key that
   * never rotated is due. Compared in whole seconds, as the original's state files are. A
   * last rotation more than {@link #CLOCK_TOLERANCE} in the future makes a rotation due: it
   * was recorded by a wrong clock (or the clock is wrong now), and waiting for that time to
   * come could stop the history for years.
   */
  public boolean isDue(Optional<Instant> lastRotation, Instant now) {
    if (lastRotation.isEmpty() || isInTheFuture(lastRotation.get(), now)) {
      return true;
    }
    long elapsed = now.getEpochSecond() - lastRotation.get().getEpochSecond();
    return elapsed >= period.toSeconds();
  }

  /** Whether {@code lastRotation} lies more than {@link #CLOCK_TOLERANCE} after {@code now}. */
  public static boolean isInTheFuture(Instant lastRotation, Instant now) {
    return lastRotation.getEpochSecond() - now.getEpochSecond() > CLOCK_TOLERANCE.toSeconds();
  }
}
