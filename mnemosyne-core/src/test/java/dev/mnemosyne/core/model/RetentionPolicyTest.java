package dev.mnemosyne.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-checked cases of the retention rules: each lists the points newest first and the ones kept. */
class RetentionPolicyTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** The times of the points kept, in the notation of the cases (space-separated instants). */
  private static String kept(
      RetentionPolicy policy, String now, ZoneId zone, Optional<Integer> cap, String points) {
    List<Optional<Instant>> times = Arrays.stream(points.trim().split("\\s+"))
        .map(t -> t.equals("?") ? Optional.<Instant>empty() : Optional.of(Instant.parse(t)))
        .toList();
    RetentionDecision decision = policy.decide(times, Instant.parse(now), zone, cap);
    return IntStream.range(0, times.size())
        .filter(i -> decision.points().get(i).kept())
        .mapToObj(i -> times.get(i).map(Instant::toString).orElse("?"))
        .collect(Collectors.joining(" "));
  }

  private static RetentionPolicy rules(String spec) {
    int[] n = new int[6];
    List<String> names = List.of("last", "hourly", "daily", "weekly", "monthly", "yearly");
    for (String rule : spec.split(",")) {
      String[] parts = rule.trim().split(" ");
      n[names.indexOf(parts[0])] = Integer.parseInt(parts[1]);
    }
    return RetentionPolicy.of(n[0], n[1], n[2], n[3], n[4], n[5]);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # ISO weeks start on Monday: Sunday late and Monday early are two weeks
      week boundary | weekly 2 | 2026-01-12T01:00:00Z 2026-01-11T23:00:00Z 2026-01-10T12:00:00Z 2026-01-04T10:00:00Z | 2026-01-12T01:00:00Z 2026-01-11T23:00:00Z
      # 2026 has an ISO week 53, which runs into 2027 up to Sunday 3 January
      ISO week 53 | weekly 3 | 2027-01-04T08:00:00Z 2027-01-03T08:00:00Z 2027-01-01T08:00:00Z 2026-12-28T08:00:00Z 2026-12-27T08:00:00Z | 2027-01-04T08:00:00Z 2027-01-03T08:00:00Z 2026-12-27T08:00:00Z
      # the calendar year is not the ISO week's year
      year boundary | yearly 2 | 2027-01-04T08:00:00Z 2027-01-03T08:00:00Z 2027-01-01T08:00:00Z 2026-12-28T08:00:00Z 2026-12-27T08:00:00Z | 2027-01-04T08:00:00Z 2026-12-28T08:00:00Z
      leap day | daily 2, monthly 2 | 2028-03-01T01:00:00Z 2028-02-29T23:00:00Z 2028-02-28T12:00:00Z | 2028-03-01T01:00:00Z 2028-02-29T23:00:00Z
      leap day, three days | daily 3 | 2028-03-01T01:00:00Z 2028-02-29T23:00:00Z 2028-02-29T01:00:00Z 2028-02-28T12:00:00Z | 2028-03-01T01:00:00Z 2028-02-29T23:00:00Z 2028-02-28T12:00:00Z
      # the last N periods that have a point, however far apart
      sparse history | daily 7 | 2026-05-01T09:00:00Z 2026-04-21T09:00:00Z 2026-04-11T09:00:00Z | 2026-05-01T09:00:00Z 2026-04-21T09:00:00Z 2026-04-11T09:00:00Z
      sparse with gaps | daily 2 | 2026-05-01T09:00:00Z 2026-05-01T03:00:00Z 2026-04-21T09:00:00Z 2026-04-21T08:00:00Z 2026-04-11T09:00:00Z | 2026-05-01T09:00:00Z 2026-04-21T09:00:00Z
      more rules than points | last 10, daily 30, yearly 5 | 2026-05-01T09:00:00Z 2026-05-01T08:00:00Z | 2026-05-01T09:00:00Z 2026-05-01T08:00:00Z
      last only | last 2 | 2026-05-01T09:00:00Z 2026-05-01T08:00:00Z 2026-05-01T07:00:00Z | 2026-05-01T09:00:00Z 2026-05-01T08:00:00Z
      # rules add up: hourly keeps this morning, daily the days before, monthly April
      rules combine | hourly 2, daily 2, monthly 2 | 2026-05-02T09:00:00Z 2026-05-02T08:00:00Z 2026-05-02T07:00:00Z 2026-05-01T09:00:00Z 2026-04-30T09:00:00Z 2026-04-29T09:00:00Z | 2026-05-02T09:00:00Z 2026-05-02T08:00:00Z 2026-05-01T09:00:00Z 2026-04-30T09:00:00Z
      same second | daily 1, last 1 | 2026-05-01T09:00:00Z 2026-05-01T09:00:00Z | 2026-05-01T09:00:00Z
      # a point of unknown time is kept and counts for no rule
      unknown time | last 1 | ? 2026-05-01T09:00:00Z 2026-05-01T08:00:00Z | ? 2026-05-01T09:00:00Z
      """)
  void keepsTheNewestPointOfEachOfTheLastPeriods(
      String name, String rules, String points, String kept) {
    assertThat(kept(rules(rules), "2028-06-01T00:00:00Z", ZoneOffset.UTC, Optional.empty(), points))
        .isEqualTo(kept);
  }

  @Test
  void daysAreCountedInTheGivenZone() {
    // 23:30 UTC on 28 March is half past midnight on the 29th in Berlin
    String points = "2026-03-29T10:00:00Z 2026-03-28T23:30:00Z 2026-03-28T12:00:00Z";
    assertThat(kept(rules("daily 2"), "2026-03-30T00:00:00Z", BERLIN, Optional.empty(), points))
        .isEqualTo("2026-03-29T10:00:00Z 2026-03-28T12:00:00Z");
    assertThat(kept(
            rules("daily 2"), "2026-03-30T00:00:00Z", ZoneOffset.UTC, Optional.empty(), points))
        .isEqualTo("2026-03-29T10:00:00Z 2026-03-28T23:30:00Z");
  }

  @Test
  void theHourTheClockRepeatsInAutumnIsOneHour() {
    // Berlin, 25 October 2026: 02:00-03:00 local comes twice (00:00-01:00 and 01:00-02:00 UTC)
    String points =
        "2026-10-25T02:30:00Z 2026-10-25T01:30:00Z 2026-10-25T00:30:00Z 2026-10-24T23:30:00Z";
    assertThat(kept(rules("hourly 3"), "2026-10-26T00:00:00Z", BERLIN, Optional.empty(), points))
        .isEqualTo("2026-10-25T02:30:00Z 2026-10-25T01:30:00Z 2026-10-24T23:30:00Z");
  }

  @Test
  void theHourTheClockSkipsInSpringHoldsNoPointAndCostsNothing() {
    // Berlin, 29 March 2026: 01:59 CET is followed by 03:00 CEST
    String points = "2026-03-29T01:30:00Z 2026-03-29T00:30:00Z 2026-03-28T23:30:00Z";
    assertThat(kept(rules("hourly 3"), "2026-03-30T00:00:00Z", BERLIN, Optional.empty(), points))
        .isEqualTo("2026-03-29T01:30:00Z 2026-03-29T00:30:00Z 2026-03-28T23:30:00Z");
  }

  @Test
  void withinKeepsEveryPointYoungerThanItsAge() {
    RetentionPolicy policy =
        new RetentionPolicy(0, 0, 0, 0, 0, 0, Optional.of(Duration.ofHours(24)), Optional.empty());
    assertThat(kept(
            policy,
            "2026-05-02T10:00:00Z",
            ZoneOffset.UTC,
            Optional.empty(),
            "2026-05-02T09:00:00Z 2026-05-01T11:00:00Z 2026-05-01T10:00:00Z 2026-04-30T10:00:00Z"))
        .isEqualTo("2026-05-02T09:00:00Z 2026-05-01T11:00:00Z");
  }

  @Test
  void theCapDropsTheOldestKeptPoints() {
    assertThat(
            kept(
                rules("last 5"),
                "2026-05-02T10:00:00Z",
                ZoneOffset.UTC,
                Optional.of(3),
                "2026-05-02T09:00:00Z 2026-05-02T08:00:00Z 2026-05-02T07:00:00Z 2026-05-02T06:00:00Z 2026-05-02T05:00:00Z"))
        .isEqualTo("2026-05-02T09:00:00Z 2026-05-02T08:00:00Z 2026-05-02T07:00:00Z");
  }

  @Test
  void aPointInTheFutureKeepsEverythingAndCountsForNoRule() {
    String points = "2026-05-02T12:00:00Z 2026-05-02T09:00:00Z 2026-05-02T08:00:00Z";
    RetentionDecision decision = rules("last 1")
        .decide(
            Arrays.stream(points.split(" "))
                .map(t -> Optional.of(Instant.parse(t)))
                .toList(),
            Instant.parse("2026-05-02T10:00:00Z"),
            ZoneOffset.UTC,
            Optional.empty());
    assertThat(decision.clockBehind()).isTrue();
    assertThat(decision.dropped()).isEmpty();
    assertThat(decision.points())
        .extracting(RetentionDecision.Verdict::keptBy)
        .containsExactly(
            List.of("taken in the future"), List.of("last 1"), List.of("clock behind"));
  }

  @Test
  void aClockThatWentBackDropsNothingButTheCapDoes() {
    assertThat(kept(
            rules("last 1"),
            "2026-05-01T00:00:00Z",
            ZoneOffset.UTC,
            Optional.of(2),
            "2026-05-02T09:00:00Z 2026-05-02T08:00:00Z 2026-05-02T07:00:00Z"))
        .isEqualTo("2026-05-02T09:00:00Z 2026-05-02T08:00:00Z");
  }

  @Test
  void saysWhichRulesKeepEachPoint() {
    RetentionDecision decision = rules("last 1, daily 2, weekly 2")
        .decide(
            List.of(
                Optional.of(Instant.parse("2026-05-06T09:00:00Z")),
                    Optional.of(Instant.parse("2026-05-06T08:00:00Z")),
                Optional.of(Instant.parse("2026-05-05T09:00:00Z")),
                    Optional.of(Instant.parse("2026-04-30T09:00:00Z"))),
            Instant.parse("2026-05-07T00:00:00Z"),
            ZoneOffset.UTC,
            Optional.empty());
    assertThat(decision.points())
        .extracting(RetentionDecision.Verdict::keptBy)
        .containsExactly(
            List.of("last 1", "daily 1", "weekly 1"),
            List.of(),
            List.of("daily 2"),
            List.of("weekly 2"));
    assertThat(decision.dropped()).containsExactly(1);
  }

  @Test
  void aPolicyWithoutAnyRuleIsRefused() {
    assertThatThrownBy(() -> RetentionPolicy.of(0, 0, 0, 0, 0, 0))
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> RetentionPolicy.of(0, -1, 2, 0, 0, 0))
        .hasMessageContaining("negative");
  }
}
