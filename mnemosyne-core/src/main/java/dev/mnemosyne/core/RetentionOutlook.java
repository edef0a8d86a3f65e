package dev.mnemosyne.core;

import dev.mnemosyne.core.model.RetentionDecision;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.RotationStep;
import dev.mnemosyne.core.model.StageKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Marks a listing's history stages with what the retention policy says of them, were the next
 * rotation to run now, and adds that rotation's steps: a policy changed in the configuration
 * shows what it will do before it does it.
 */
final class RetentionOutlook {
  private RetentionOutlook() {}

  static StoreListing of(List<StageListing> stages, RotationPolicy policy, Clock clock) {
    Instant now = clock.instant();
    Map<String, List<StageListing>> byKey = new StoreListing(stages).byKey();
    List<StageListing> marked = new ArrayList<>();
    Map<String, List<RotationStep>> plans = new LinkedHashMap<>();
    for (Map.Entry<String, List<StageListing>> key : byKey.entrySet()) {
      Map<Integer, Optional<Instant>> history = new LinkedHashMap<>();
      boolean hasLive = false;
      for (StageListing s : key.getValue()) {
        if (s.stage().isLive()) {
          hasLive = true;
        } else {
          history.put(s.stage().index(), s.time());
        }
      }
      RetentionRotation.Plan plan = RetentionRotation.plan(
          new StageKey(key.getKey()),
          history,
          hasLive,
          policy,
          now,
          policy.keep().orElseThrow().timezone().orElse(clock.getZone()));
      plans.put(key.getKey(), plan.steps());
      // After the snapshot the old points follow the new one in the same order: verdict i + 1 is
      // history stage i.
      List<RetentionDecision.Verdict> verdicts = plan.decision().points();
      int offset = hasLive ? 1 : 0;
      int i = 0;
      for (StageListing s : key.getValue()) {
        if (s.stage().isLive()) {
          marked.add(s);
          continue;
        }
        RetentionDecision.Verdict v = verdicts.get(offset + i++);
        marked.add(new StageListing(
            s.stage(),
            s.time(),
            s.lastSyncComplete(),
            s.readOnly(),
            s.details(),
            Optional.of(new RetentionMark(v.keptBy(), !v.kept()))));
      }
    }
    return new StoreListing(marked, plans);
  }
}
