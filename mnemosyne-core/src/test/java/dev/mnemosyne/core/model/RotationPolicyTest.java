package dev.mnemosyne.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RotationPolicyTest {
  private static final Instant LAST = Instant.ofEpochSecond(1_732_700_000L);

  @ParameterizedTest(name = "rotate {0} h, {1} s after the last rotation: due {2}")
  @CsvSource({
    "168, 0,      false",
    "168, 604799, false",
    "168, 604800, true",
    "168, 604801, true",
    "0.5, 1799,   false",
    "0.5, 1800,   true",
    "0,   0,      true",
    "0,   1,      true",
    "72,  -60,    false",
  })
  void isDueOnceThePeriodHasPassedSinceTheLastRotation(
      double hours, long secondsLater, boolean due) {
    RotationPolicy policy = RotationPolicy.ofHours(8, hours);

    assertThat(policy.isDue(Optional.of(LAST), LAST.plusSeconds(secondsLater))).isEqualTo(due);
  }

  @Test
  void comparesWholeSecondsAsTheOriginalStateFilesHoldThem() {
    RotationPolicy hourly = RotationPolicy.ofHours(3, 1);
    Instant last = LAST.plusMillis(900);

    assertThat(hourly.isDue(Optional.of(last), LAST.plusSeconds(3600))).isTrue();
    assertThat(hourly.isDue(Optional.of(last), LAST.plusSeconds(3599).plusMillis(999)))
        .isFalse();
  }

  @Test
  void aKeyThatNeverRotatedIsDue() {
    assertThat(RotationPolicy.ofHours(8, 168).isDue(Optional.empty(), Instant.EPOCH))
        .isTrue();
    assertThat(RotationPolicy.ofHours(8, 1_000_000).isDue(Optional.empty(), LAST))
        .isTrue();
  }

  @Test
  void ofHoursConvertsToADuration() {
    assertThat(RotationPolicy.ofHours(8, 168).period()).isEqualTo(Duration.ofDays(7));
    assertThat(RotationPolicy.ofHours(8, 0.25).period()).isEqualTo(Duration.ofMinutes(15));
    assertThat(RotationPolicy.ofHours(8, 0).period()).isZero();
  }

  @Test
  void oneStageKeepsNoHistory() {
    assertThat(RotationPolicy.ofHours(1, 1).keepsHistory()).isFalse();
    assertThat(RotationPolicy.ofHours(2, 1).keepsHistory()).isTrue();
  }

  @Test
  void refusesImpossiblePolicies() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RotationPolicy.ofHours(0, 1))
        .withMessageContaining("stages");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RotationPolicy.ofHours(8, -1))
        .withMessageContaining("rotate");
    assertThatIllegalArgumentException().isThrownBy(() -> RotationPolicy.ofHours(8, Double.NaN));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RotationPolicy.ofHours(8, Double.POSITIVE_INFINITY));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RotationPolicy(8, Duration.ofSeconds(-1)));
  }
}
