package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Which history points a key keeps, as restic's {@code forget --keep-*} rules: the newest
 * {@code last} points, and the newest point of each of the newest {@code hourly}, {@code daily},
 * {@code weekly} (ISO weeks), {@code monthly} and {@code yearly} calendar periods that hold one,
 * plus every point younger than {@code within}. A point kept by any rule is kept. Periods are
 * those of the wall clock in the zone given to {@link #decide}. {@code timezone} is the zone the
 * configuration names, if any.
 *
 * <p>Pure: it reads no clock and touches nothing. Points whose time is unknown or lies after
 * {@code now} are kept and count for no rule; while any point lies after {@code now} (a clock
 * that went back), nothing is dropped at all.
 */
public record RetentionPolicy(
    int last,
    int hourly,
    int daily,
    int weekly,
    int monthly,
    int yearly,
    Optional<Duration> within,
    Optional<ZoneId> timezone) {

  /** One rule: its name, its count, and how it tells a point's period. */
  private record Rule(String name, int count, ToLongFunction<LocalDateTime> period) {}

  public RetentionPolicy {
    for (int n : new int[] {last, hourly, daily, weekly, monthly, yearly}) {
      checkArgument(n >= 0, "a retention count (%s) must not be negative", n);
    }
    requireNonNull(within, "within");
    requireNonNull(timezone, "timezone");
    checkArgument(
        within.map(w -> !w.isNegative()).orElse(true), "within (%s) must not be negative", within);
    checkArgument(
        last + hourly + daily + weekly + monthly + yearly > 0
            || within.filter(w -> !w.isZero()).isPresent(),
        "at least one retention rule must be greater than 0");
  }

  /** Keeps the newest {@code n} points of each of the given daily/weekly/monthly periods; for tests and examples. */
  public static RetentionPolicy of(
      int last, int hourly, int daily, int weekly, int monthly, int yearly) {
    return new RetentionPolicy(
        last, hourly, daily, weekly, monthly, yearly, Optional.empty(), Optional.empty());
  }

  /**
   * Decides over history points given newest first (stage {@code .1} first), each with the time
   * it was taken where known. The stage order, not the times, says which point is newer: times
   * only place points in their periods.
   *
   * @param maxPoints the most points to keep (the oldest kept ones go first), or empty for no cap
   */
  public RetentionDecision decide(
      List<Optional<Instant>> newestFirst, Instant now, ZoneId zone, Optional<Integer> maxPoints) {
    requireNonNull(now, "now");
    requireNonNull(zone, "zone");
    requireNonNull(maxPoints, "maxPoints");
    boolean clockBehind =
        newestFirst.stream().flatMap(Optional::stream).anyMatch(t -> t.isAfter(now));
    List<Rule> rules = List.of(
        new Rule("hourly", hourly, t -> t.toLocalDate().toEpochDay() * 24 + t.getHour()),
        new Rule("daily", daily, t -> t.toLocalDate().toEpochDay()),
        new Rule(
            "weekly",
            weekly,
            t ->
                t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
        new Rule("monthly", monthly, t -> t.getYear() * 12L + t.getMonthValue()),
        new Rule("yearly", yearly, t -> t.getYear()));
    long[] lastPeriod = new long[rules.size()];
    int[] counted = new int[rules.size()];
    int countedPoints = 0;
    List<RetentionDecision.Verdict> verdicts = new ArrayList<>();
    int kept = 0;
    for (Optional<Instant> time : newestFirst) {
      List<String> reasons = new ArrayList<>();
      if (time.isEmpty()) {
        reasons.add("time unknown");
      } else if (time.get().isAfter(now)) {
        reasons.add("taken in the future");
      } else {
        countedPoints++;
        if (countedPoints <= last) {
          reasons.add("last " + countedPoints);
        }
        LocalDateTime local = LocalDateTime.ofInstant(time.get(), zone);
        for (int r = 0; r < rules.size(); r++) {
          Rule rule = rules.get(r);
          long period = rule.period().applyAsLong(local);
          if (counted[r] < rule.count() && (counted[r] == 0 || period != lastPeriod[r])) {
            counted[r]++;
            lastPeriod[r] = period;
            reasons.add(rule.name() + " " + counted[r]);
          }
        }
        if (within.isPresent() && Duration.between(time.get(), now).compareTo(within.get()) < 0) {
          reasons.add("within");
        }
      }
      if (clockBehind && reasons.isEmpty()) {
        reasons.add("clock behind");
      }
      boolean keep = !reasons.isEmpty() && (maxPoints.isEmpty() || kept < maxPoints.get());
      if (keep) {
        kept++;
      }
      verdicts.add(new RetentionDecision.Verdict(time, reasons, keep));
    }
    return new RetentionDecision(verdicts, clockBehind);
  }
}
