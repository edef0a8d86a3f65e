package dev.mnemosyne.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.model.RetentionDecision;
import dev.mnemosyne.core.model.RetentionPolicy;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.RotationStep;
import dev.mnemosyne.core.model.StageKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The thinning plan, carried out on a model of a key's stages: its steps, and that a run cut
 * short after any step leaves the stages in order with at most one free slot, loses no point
 * the policy keeps and leaves nothing the next rotation does not finish.
 */
class RetentionRotationTest {
  private static final StageKey KEY = new StageKey("home");
  private static final Instant START = Instant.parse("2026-01-05T03:00:00Z");

  /** One history point: when it was taken (which also names it). */
  private record Point(Instant taken) {}

  private static RotationPolicy policy(RetentionPolicy keep, int stages) {
    return new RotationPolicy(stages, Duration.ofHours(1)).keeping(keep);
  }

  private static String shorthand(List<RotationStep> plan) {
    return plan.stream()
        .map(step -> {
          if (step instanceof RotationStep.Delete d) {
            return "D" + d.stage().index();
          } else if (step instanceof RotationStep.Rename r) {
            return "R" + r.from().index() + ">" + r.to().index();
          } else if (step instanceof RotationStep.MoveDown m) {
            return "M" + m.from().index() + ">" + m.to().index();
          }
          return "S";
        })
        .collect(Collectors.joining(" "));
  }

  private static RetentionRotation.Plan plan(
      NavigableMap<Integer, Point> layout, RotationPolicy policy, Instant now) {
    Map<Integer, Optional<Instant>> times = new TreeMap<>();
    layout.forEach((i, p) -> times.put(i, Optional.of(p.taken())));
    return RetentionRotation.plan(KEY, times, true, policy, now, ZoneOffset.UTC);
  }

  /** Carries out one step on the model; the snapshot takes a point at {@code now}. */
  private static void apply(NavigableMap<Integer, Point> layout, RotationStep step, Instant now) {
    if (step instanceof RotationStep.Delete d) {
      assertThat(layout.remove(d.stage().index())).isNotNull();
    } else if (step instanceof RotationStep.Rename r) {
      assertThat(layout.containsKey(r.to().index())).isFalse();
      layout.put(r.to().index(), layout.remove(r.from().index()));
    } else if (step instanceof RotationStep.MoveDown m) {
      assertThat(layout.containsKey(m.to().index())).isFalse();
      layout.put(m.to().index(), layout.remove(m.from().index()));
    } else {
      assertThat(layout.containsKey(1)).isFalse();
      layout.put(1, new Point(now));
    }
  }

  private static void assertOrderedWithAtMostOneGap(NavigableMap<Integer, Point> layout) {
    List<Integer> indices = new ArrayList<>(layout.keySet());
    int gaps = indices.isEmpty() ? 0 : indices.get(indices.size() - 1) - indices.size();
    assertThat(gaps).as("free slots in %s", layout.keySet()).isLessThanOrEqualTo(1);
    List<Instant> times = layout.values().stream().map(Point::taken).toList();
    assertThat(times).as("newest first").isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void snapshotsFirstThenDeletesTheDroppedFromTheOldestMovingTheOlderOnesDown() {
    // daily 2 over .1 (today 01:00), .2 (today 00:30), .3 (yesterday), .4 (two days ago), taken at
    // 03:00
    NavigableMap<Integer, Point> layout = new TreeMap<>(Map.of(
        1,
        new Point(START.minus(Duration.ofHours(2))),
        2,
        new Point(START.minus(Duration.ofMinutes(150))),
        3,
        new Point(START.minus(Duration.ofHours(24))),
        4,
        new Point(START.minus(Duration.ofHours(48)))));
    RetentionRotation.Plan plan =
        plan(layout, policy(RetentionPolicy.of(0, 0, 2, 0, 0, 0), 1000), START);
    // after the snapshot: .1 now, .2 01:00 and .3 00:30 (the same day: dropped), .4 yesterday, .5
    // two days ago
    // (dropped): .5 goes, then .3 with .4 moving into its slot, then .2 with .3 moving down
    assertThat(shorthand(plan.steps())).isEqualTo("R4>5 R3>4 R2>3 R1>2 S D5 D3 M4>3 D2 M3>2");
    assertThat(plan.decision().points())
        .extracting(RetentionDecision.Verdict::keptBy)
        .containsExactly(List.of("daily 1"), List.of(), List.of(), List.of("daily 2"), List.of());
  }

  @Test
  void aFreeSlotLeftByAnInterruptedRunIsFilledFirst() {
    NavigableMap<Integer, Point> layout = new TreeMap<>(Map.of(
        1,
        new Point(START.minus(Duration.ofHours(1))),
        3,
        new Point(START.minus(Duration.ofHours(2)))));
    RetentionRotation.Plan plan =
        plan(layout, policy(RetentionPolicy.of(5, 0, 0, 0, 0, 0), 1000), START);
    assertThat(shorthand(plan.steps())).isEqualTo("R1>2 S");
  }

  @Test
  void theCapOfStagesDropsTheOldest() {
    NavigableMap<Integer, Point> layout = new TreeMap<>();
    for (int i = 1; i <= 4; i++) {
      layout.put(i, new Point(START.minus(Duration.ofDays(i))));
    }
    RetentionRotation.Plan plan =
        plan(layout, policy(RetentionPolicy.of(0, 0, 30, 0, 0, 0), 4), START);
    assertThat(shorthand(plan.steps())).isEqualTo("R4>5 R3>4 R2>3 R1>2 S D5 D4");
  }

  @Test
  void aClockThatWentBackDeletesNothing() {
    NavigableMap<Integer, Point> layout = new TreeMap<>(Map.of(
        1,
        new Point(START.plus(Duration.ofDays(400))),
        2,
        new Point(START.minus(Duration.ofHours(1)))));
    RetentionRotation.Plan plan =
        plan(layout, policy(RetentionPolicy.of(1, 0, 0, 0, 0, 0), 1000), START);
    assertThat(shorthand(plan.steps())).isEqualTo("R2>3 R1>2 S");
    assertThat(plan.decision().clockBehind()).isTrue();
  }

  /**
   * Daily backups with rotations that die after every possible step, at random, over a year:
   * after each step the layout is ordered with at most one free slot, and after the next
   * complete rotation the store holds every point an uninterrupted history would hold.
   */
  @Test
  void rotationsInterruptedAfterAnyStepLoseNoKeptPointAndTheNextOneFinishesTheJob() {
    Random random = new Random(5);
    RotationPolicy policy =
        policy(new RetentionPolicy(2, 0, 7, 4, 12, 2, Optional.empty(), Optional.empty()), 1000);
    for (int trial = 0; trial < 40; trial++) {
      NavigableMap<Integer, Point> interrupted = new TreeMap<>();
      NavigableMap<Integer, Point> clean = new TreeMap<>();
      Instant now = START;
      int days = 30 + random.nextInt(400);
      for (int day = 0; day < days; day++) {
        now = now.plus(Duration.ofHours(20 + random.nextInt(9)));
        List<RotationStep> steps = plan(interrupted, policy, now).steps();
        int cut = random.nextInt(3) == 0 ? random.nextInt(steps.size() + 1) : steps.size();
        for (RotationStep step : steps.subList(0, cut)) {
          apply(interrupted, step, now);
          assertOrderedWithAtMostOneGap(interrupted);
        }
        // A run that died before its snapshot took no point (the next run syncs the live copy
        // again):
        // the uninterrupted history to compare with is the one of the points that were taken.
        if (steps.subList(0, cut).stream().anyMatch(RotationStep.Snapshot.class::isInstance)) {
          for (RotationStep step : plan(clean, policy, now).steps()) {
            apply(clean, step, now);
          }
        }
        if (cut < steps.size()) {
          // the next run finishes the job: it rotates (a new point) and thins again
          now = now.plus(Duration.ofHours(1 + random.nextInt(30)));
          for (RotationStep step : plan(clean, policy, now).steps()) {
            apply(clean, step, now);
          }
          for (RotationStep step : plan(interrupted, policy, now).steps()) {
            apply(interrupted, step, now);
            assertOrderedWithAtMostOneGap(interrupted);
          }
        }
        assertThat(interrupted.keySet())
            .as("dense after a complete rotation")
            .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, interrupted.size())
                .boxed()
                .toList());
        assertThat(interrupted.values())
            .as("day %s of trial %s", day, trial)
            .containsExactlyElementsOf(clean.values());
        assertThat(plan(interrupted, policy, now).decision().dropped())
            .as("nothing left over to drop but by the" + " next point")
            .allMatch(p -> p > 0);
      }
    }
  }
}
