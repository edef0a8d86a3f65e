package dev.mnemosyne.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link Clock} that stands still until a test moves it, with {@link #advance} or {@link #set}. */
public final class TestClock extends Clock {
  /** Where a new clock starts: 2026-01-05T00:00:00Z, a Monday. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private TestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock at {@link #DEFAULT_START}, in UTC. */
  public static TestClock create() {
    return at(DEFAULT_START);
  }

  /** A clock at {@code start}, in UTC. */
  public static TestClock at(Instant start) {
    return new TestClock(new AtomicReference<>(requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /** Moves the clock forward by {@code amount}; returns the new time. */
  @CanIgnoreReturnValue
  public Instant advance(Duration amount) {
    checkArgument(!amount.isNegative(), "a test clock moves forward only, not by %s", amount);
    return now.updateAndGet(t -> t.plus(amount));
  }

  /** Sets the clock to {@code instant}, which may be in the past. */
  public void set(Instant instant) {
    now.set(requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same clock (moving with this one) in another zone. */
  @Override
  public TestClock withZone(ZoneId other) {
    return new TestClock(now, requireNonNull(other, "zone"));
  }

  @Override
  public String toString() {
    return "TestClock[" + now.get() + ", " + zone + "]";
  }
}
