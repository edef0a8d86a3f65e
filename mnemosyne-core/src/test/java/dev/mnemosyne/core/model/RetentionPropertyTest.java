package dev.mnemosyne.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Random histories and policies, checked against the rules' definition: every kept point is
 * justified by a rule, every rule covers its newest N periods that hold a point, applying the
 * policy again changes nothing, and a later decision never keeps a point an earlier one dropped.
 */
class RetentionPropertyTest {
  private static final List<ZoneId> ZONES = List.of(
      ZoneId.of("UTC"),
      ZoneId.of("Europe/Berlin"),
      ZoneId.of("America/New_York"),
      ZoneId.of("Asia/Kolkata"),
      ZoneId.of("Australia/Lord_Howe"));
  private static final int CASES = 3000;

  private record Case(
      RetentionPolicy policy,
      List<Optional<Instant>> points,
      Instant now,
      ZoneId zone,
      Optional<Integer> cap) {}

  private static Case randomCase(Random random) {
    RetentionPolicy policy = null;
    while (policy == null) {
      int[] n = IntStream.range(0, 6).map(i -> count(random)).toArray();
      Optional<Duration> within = random.nextInt(4) == 0
          ? Optional.of(Duration.ofHours(random.nextInt(72)))
          : Optional.empty();
      if (IntStream.of(n).sum() > 0 || within.filter(w -> !w.isZero()).isPresent()) {
        policy = new RetentionPolicy(n[0], n[1], n[2], n[3], n[4], n[5], within, Optional.empty());
      }
    }
    Instant now = Instant.parse("2025-01-01T00:00:00Z")
        .plus(Duration.ofMinutes(random.nextInt(3 * 365 * 24 * 60)));
    List<Optional<Instant>> points = new ArrayList<>();
    Instant t = now.minus(Duration.ofMinutes(random.nextInt(120)));
    int n = random.nextInt(60);
    for (int i = 0; i < n; i++) {
      points.add(Optional.of(t));
      long step = switch (random.nextInt(4)) {
        case 0 -> random.nextInt(2); // the same second, or the next
        case 1 -> random.nextInt(3 * 3600); // hours
        case 2 -> random.nextInt(3 * 86400); // days
        default -> random.nextInt(90 * 86400); // months: sparse history
      };
      t = t.minusSeconds(step);
    }
    Optional<Integer> cap =
        random.nextInt(3) == 0 ? Optional.of(1 + random.nextInt(20)) : Optional.empty();
    return new Case(policy, points, now, ZONES.get(random.nextInt(ZONES.size())), cap);
  }

  private static int count(Random random) {
    return random.nextInt(3) == 0 ? 0 : random.nextInt(8);
  }

  private static RetentionDecision decide(Case c) {
    return c.policy().decide(c.points(), c.now(), c.zone(), c.cap());
  }

  @Test
  void everyKeptPointIsJustifiedAndEveryDroppedOneIsNot() {
    Random random = new Random(20261201);
    for (int i = 0; i < CASES; i++) {
      Case c = randomCase(random);
      RetentionDecision d = decide(c);
      int kept = 0;
      for (RetentionDecision.Verdict v : d.points()) {
        if (v.kept()) {
          kept++;
          assertThat(v.keptBy()).as("%s", c).isNotEmpty();
        } else {
          assertThat(v.keptBy().isEmpty()
                  || c.cap()
                      .filter(cap -> cap
                          <= d.points().stream()
                              .filter(RetentionDecision.Verdict::kept)
                              .count())
                      .isPresent())
              .as("%s", c)
              .isTrue();
        }
      }
      assertThat(kept).isLessThanOrEqualTo(c.cap().orElse(Integer.MAX_VALUE));
    }
  }

  @Test
  void eachRuleKeepsTheNewestPointOfItsNewestPeriods() {
    Random random = new Random(7);
    Map<String, Function<LocalDateTime, Long>> periods = new LinkedHashMap<>();
    periods.put("hourly", t -> t.toLocalDate().toEpochDay() * 24 + t.getHour());
    periods.put("daily", t -> t.toLocalDate().toEpochDay());
    periods.put(
        "weekly",
        t -> (long) t.get(IsoFields.WEEK_BASED_YEAR) * 100
            + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    periods.put("monthly", t -> t.getYear() * 12L + t.getMonthValue());
    periods.put("yearly", t -> (long) t.getYear());
    for (int i = 0; i < CASES; i++) {
      Case c = randomCase(random);
      RetentionDecision d = c.policy().decide(c.points(), c.now(), c.zone(), Optional.empty());
      int[] counts = {
        c.policy().hourly(),
        c.policy().daily(),
        c.policy().weekly(),
        c.policy().monthly(),
        c.policy().yearly()
      };
      int r = 0;
      for (Map.Entry<String, Function<LocalDateTime, Long>> rule : periods.entrySet()) {
        // the oracle: the newest point of each of the newest N distinct periods, found by grouping
        Map<Long, Integer> newestOfPeriod = new LinkedHashMap<>();
        for (int p = 0; p < c.points().size(); p++) {
          long period = rule.getValue()
              .apply(LocalDateTime.ofInstant(c.points().get(p).orElseThrow(), c.zone()));
          newestOfPeriod.putIfAbsent(period, p);
        }
        List<Integer> expected =
            newestOfPeriod.values().stream().limit(counts[r++]).toList();
        List<Integer> byRule = IntStream.range(0, d.points().size())
            .filter(p -> d.points().get(p).keptBy().stream()
                .anyMatch(k -> k.startsWith(rule.getKey() + " ")))
            .boxed()
            .toList();
        assertThat(byRule).as("%s %s", rule.getKey(), c).isEqualTo(expected);
        expected.forEach(p -> assertThat(d.points().get(p).kept()).isTrue());
      }
      long lastKept = IntStream.range(0, Math.min(c.policy().last(), c.points().size()))
          .filter(p -> d.points().get(p).kept())
          .count();
      assertThat(lastKept).isEqualTo(Math.min(c.policy().last(), c.points().size()));
    }
  }

  @Test
  void applyingThePolicyTwiceChangesNothing() {
    Random random = new Random(42);
    for (int i = 0; i < CASES; i++) {
      Case c = randomCase(random);
      RetentionDecision first = decide(c);
      List<Optional<Instant>> kept = IntStream.range(0, c.points().size())
          .filter(p -> first.points().get(p).kept())
          .mapToObj(c.points()::get)
          .toList();
      RetentionDecision second = c.policy().decide(kept, c.now(), c.zone(), c.cap());
      assertThat(second.dropped()).as("%s", c).isEmpty();
    }
  }

  /**
   * Why a rotation may delete once its new point exists: whatever a later rotation decides, it
   * would not have kept what this one drops. (Not so for the {@code stages} cap, which drops
   * points some rule keeps: that is why it is a cap.)
   */
  @Test
  void aLaterDecisionWithANewerPointNeverKeepsAPointAnEarlierOneDropped() {
    Random random = new Random(99);
    for (int i = 0; i < CASES; i++) {
      Case drawn = randomCase(random);
      Case c =
          new Case(drawn.policy(), drawn.points(), drawn.now(), drawn.zone(), Optional.empty());
      RetentionDecision first = decide(c);
      Instant later = c.now().plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
      List<Optional<Instant>> withNewer = new ArrayList<>();
      withNewer.add(Optional.of(later));
      withNewer.addAll(c.points());
      RetentionDecision second = c.policy().decide(withNewer, later, c.zone(), c.cap());
      for (int p = 0; p < c.points().size(); p++) {
        if (!first.points().get(p).kept()) {
          assertThat(second.points().get(p + 1).kept())
              .as("point %s of %s", p, c)
              .isFalse();
        }
      }
    }
  }
}
