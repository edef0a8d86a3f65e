package dev.mnemosyne.core;

import dev.mnemosyne.core.model.StageKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Every stage a store holds, ordered by key and then from the live stage back into history. */
public record StoreListing(List<StageListing> stages) {
  public StoreListing {
    stages = stages.stream().sorted(Comparator.comparing(StageListing::stage)).toList();
  }

  /** The stages grouped by key, keys in order. */
  public Map<StageKey, List<StageListing>> byKey() {
    return stages.stream().collect(Collectors.groupingBy(s -> s.stage().key(), TreeMap::new, Collectors.toList()));
  }
}
