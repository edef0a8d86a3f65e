package dev.mnemosyne.core;

import dev.mnemosyne.core.model.RotationStep;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every stage a store holds, ordered by key and then from the live stage back into history; for a
 * store with a retention policy also, per key ({@code "home"}), the steps its next rotation would
 * take if it ran now.
 */
public record StoreListing(
    List<StageListing> stages, Map<String, List<RotationStep>> nextRotations) {
  public StoreListing {
    stages = stages.stream().sorted(Comparator.comparing(StageListing::stage)).toList();
    nextRotations = Map.copyOf(nextRotations);
  }

  /** The stages of a store without a retention policy. */
  public StoreListing(List<StageListing> stages) {
    this(stages, Map.of());
  }

  /** The stages grouped by key ({@code "home"}), keys in order. */
  public Map<String, List<StageListing>> byKey() {
    return stages.stream()
        .collect(
            Collectors.groupingBy(s -> s.stage().key().value(), TreeMap::new, Collectors.toList()));
  }
}
