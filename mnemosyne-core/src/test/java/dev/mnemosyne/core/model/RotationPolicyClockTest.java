package dev.mnemosyne.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A rotation recorded by a wrong clock never stops the history until that time comes. */
class RotationPolicyClockTest {
  private static final RotationPolicy DAILY = new RotationPolicy(3, Duration.ofHours(24));
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @Test
  void aLastRotationYearsInTheFutureIsDue() {
    assertThat(DAILY.isDue(Optional.of(Instant.parse("2040-01-01T00:00:00Z")), NOW))
        .isTrue();
    assertThat(RotationPolicy.isInTheFuture(Instant.parse("2040-01-01T00:00:00Z"), NOW))
        .isTrue();
  }

  @Test
  void aSmallStepBackOfTheClockChangesNothing() {
    Instant justAhead = NOW.plus(RotationPolicy.CLOCK_TOLERANCE);
    assertThat(RotationPolicy.isInTheFuture(justAhead, NOW)).isFalse();
    assertThat(DAILY.isDue(Optional.of(justAhead), NOW)).isFalse();
    assertThat(DAILY.isDue(Optional.of(justAhead.plusSeconds(1)), NOW)).isTrue();
  }

  @Test
  void aRecentPastRotationIsNotDueAndAnOldOneIs() {
    assertThat(DAILY.isDue(Optional.of(NOW.minus(Duration.ofHours(23))), NOW)).isFalse();
    assertThat(DAILY.isDue(Optional.of(NOW.minus(Duration.ofHours(24))), NOW)).isTrue();
  }
}
