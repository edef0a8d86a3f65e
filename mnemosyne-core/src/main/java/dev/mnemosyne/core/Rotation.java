package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.RotationStep;
import dev.mnemosyne.core.model.Stage;
import dev.mnemosyne.core.model.StageKey;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the turn-over of one key's stages. Given which stages exist, the plan
 * <ol>
 *   <li>deletes history the policy no longer keeps (index {@code >= stages}),</li>
 *   <li>makes room at index 1: finds the youngest free history slot (deleting the oldest
 *       stage if every slot is taken) and moves each younger stage one place older,</li>
 *   <li>snapshots the live stage {@code .0} read-only into {@code .1}.</li>
 * </ol>
 * Each step is atomic, and the plan only fills the first gap it finds: if a run dies part-way
 * through, the stages keep their order with one slot free, and the next plan completes the
 * rotation without losing or duplicating any stage. Nothing is snapshotted without a live
 * stage, and a one-stage policy keeps no history.
 */
final class Rotation {
  private Rotation() {}

  /**
   * The steps that rotate {@code key}, whose existing stage indices are {@code existing}
   * (the live stage is 0).
   */
  public static List<RotationStep> plan(
      StageKey key, Set<Integer> existing, RotationPolicy policy) {
    requireNonNull(key, "key");
    requireNonNull(policy, "policy");
    NavigableSet<Integer> history = new TreeSet<>(existing);
    history.remove(0);
    ImmutableList.Builder<RotationStep> steps = ImmutableList.builder();
    for (int extra : history.tailSet(policy.stages(), true).descendingSet()) {
      steps.add(new RotationStep.Delete(new Stage(key, extra)));
    }
    if (!existing.contains(0) || !policy.keepsHistory()) {
      return steps.build();
    }
    int oldest = policy.stages() - 1;
    int free = 1;
    while (free <= oldest && history.contains(free)) {
      free++;
    }
    if (free > oldest) {
      free = oldest;
      steps.add(new RotationStep.Delete(new Stage(key, oldest)));
    }
    for (int index = free - 1; index >= 1; index--) {
      steps.add(new RotationStep.Rename(new Stage(key, index), new Stage(key, index + 1)));
    }
    steps.add(new RotationStep.Snapshot(Stage.live(key), new Stage(key, 1)));
    return steps.build();
  }
}
