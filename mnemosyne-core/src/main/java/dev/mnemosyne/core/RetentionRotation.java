package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.mnemosyne.core.model.RetentionDecision;
import dev.mnemosyne.core.model.RetentionPolicy;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.RotationStep;
import dev.mnemosyne.core.model.Stage;
import dev.mnemosyne.core.model.StageKey;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Plans a rotation under a {@link RetentionPolicy}, in three phases:
 * <ol>
 *   <li>makes room at index 1: moves each stage younger than the first free slot one place
 *       older (as {@link Rotation} does; a free slot left by an interrupted run is used first);</li>
 *   <li>snapshots the live stage into {@code .1}, taken {@code now};</li>
 *   <li>decides, over the history with the new point, what the policy keeps, and deletes each
 *       dropped stage from the oldest to the newest, moving the stages older than it one place
 *       younger before the next deletion.</li>
 * </ol>
 * After every single step the stages are in order and dense but for at most one free slot,
 * so a run that dies anywhere leaves a layout the next plan completes. Nothing is deleted
 * before the new point exists: the policy's decision assumes it, and a later decision (with a
 * later newest point) never keeps a point that an earlier one dropped.
 */
final class RetentionRotation {
  private RetentionRotation() {}

  /** A plan: its steps, and the decision over the history as it will be after the snapshot. */
  public record Plan(List<RotationStep> steps, List<Stage> points, RetentionDecision decision) {
    public Plan {
      steps = List.copyOf(steps);
      points = List.copyOf(points);
      requireNonNull(decision, "decision");
    }
  }

  /**
   * Plans the rotation of {@code key}, whose history stages are {@code history} (index to the
   * time it was taken, where known), under {@code policy} (which must have a retention policy).
   * Without a live stage nothing is snapshotted or deleted.
   */
  public static Plan plan(
      StageKey key,
      Map<Integer, Optional<Instant>> history,
      boolean hasLive,
      RotationPolicy policy,
      Instant now,
      ZoneId zone) {
    requireNonNull(key, "key");
    requireNonNull(now, "now");
    requireNonNull(zone, "zone");
    Preconditions.checkArgument(
        policy.keep().isPresent(), "a retention rotation needs a retention policy");
    RetentionPolicy keep = policy.keep().get();
    NavigableMap<Integer, Optional<Instant>> layout = new TreeMap<>(history);
    layout.remove(0);
    ImmutableList.Builder<RotationStep> steps = ImmutableList.builder();
    if (!hasLive) {
      return new Plan(List.of(), stages(key, layout), decide(keep, layout, now, zone, policy));
    }
    int free = 1;
    while (layout.containsKey(free)) {
      free++;
    }
    NavigableMap<Integer, Optional<Instant>> after = new TreeMap<>(layout.tailMap(free, false));
    for (int index = free - 1; index >= 1; index--) {
      steps.add(new RotationStep.Rename(new Stage(key, index), new Stage(key, index + 1)));
      after.put(index + 1, layout.get(index));
    }
    steps.add(new RotationStep.Snapshot(Stage.live(key), new Stage(key, 1)));
    after.put(1, Optional.of(now));
    List<Stage> points = stages(key, after);
    RetentionDecision decision = decide(keep, after, now, zone, policy);
    List<Integer> indices = new ArrayList<>(after.keySet());
    List<Integer> dropped = decision.dropped();
    for (int i = dropped.size() - 1; i >= 0; i--) {
      int gone = indices.get(dropped.get(i));
      steps.add(new RotationStep.Delete(new Stage(key, gone)));
      after.remove(gone);
      for (int index = gone + 1; after.containsKey(index); index++) {
        steps.add(new RotationStep.MoveDown(new Stage(key, index), new Stage(key, index - 1)));
        after.put(index - 1, after.remove(index));
      }
    }
    return new Plan(steps.build(), points, decision);
  }

  private static RetentionDecision decide(
      RetentionPolicy keep,
      NavigableMap<Integer, Optional<Instant>> layout,
      Instant now,
      ZoneId zone,
      RotationPolicy policy) {
    return keep.decide(new ArrayList<>(layout.values()), now, zone, policy.historyCap());
  }

  private static List<Stage> stages(StageKey key, NavigableMap<Integer, Optional<Instant>> layout) {
    return layout.keySet().stream().map(i -> new Stage(key, i)).toList();
  }
}
