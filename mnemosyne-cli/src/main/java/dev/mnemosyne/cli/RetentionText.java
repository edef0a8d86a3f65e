package dev.mnemosyne.cli;

import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.RetentionMark;
import dev.mnemosyne.core.StoreListing;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.RotationStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** How {@code --list} words what the retention policy says of a stage and what the next rotation does. */
final class RetentionText {
  private RetentionText() {}

  /** {@code "; kept: daily 1, weekly 1"}, or {@code "; DROPPED at the next rotation"} (and by what, if a rule keeps it). */
  static String mark(RetentionMark mark) {
    if (!mark.droppedAtNextRotation()) {
      return "; kept: " + String.join(", ", mark.keptBy());
    }
    return mark.keptBy().isEmpty()
        ? "; DROPPED at the next rotation"
        : "; DROPPED at the next rotation (beyond strategy.stages, though kept by "
            + String.join(", ", mark.keptBy()) + ")";
  }

  /** What {@code --check-config} says of a retention policy whose history is capped by {@code strategy.stages}. */
  static Optional<String> cap(RotationPolicy policy) {
    if (policy.keep().isEmpty() || policy.historyCap().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "strategy.stages (" + policy.stages() + ") caps what strategy.keep keeps: at most "
            + policy.historyCap().get()
            + " history stages per key besides the live one; beyond them the oldest kept"
            + " points are deleted");
  }

  /**
   * For {@code --backup --dry-run} of a store with a retention policy: reads the store (under its
   * lock, changing nothing) and prints, per key, the steps its rotation would take if it ran now.
   */
  static void printNextRotations(
      Mnemosyne reading, BackupConfig config, Console console, RunReport report) {
    StoreListing listing;
    try {
      listing = reading.list(config);
    } catch (MnemosyneException e) {
      console.info("cannot tell what the rotations would delete: " + e.getMessage());
      return;
    }
    Map<String, Object> plans = new LinkedHashMap<>();
    for (String key : new TreeMap<>(listing.nextRotations()).keySet()) {
      List<String> steps =
          listing.nextRotations().get(key).stream().map(RetentionText::step).toList();
      plans.put(key, steps);
      console.result(
          "would rotate " + key + ": " + (steps.isEmpty() ? "nothing" : String.join(", ", steps)));
    }
    report.put("nextRotation", plans);
  }

  /** One step of a rotation: {@code delete home.5}, {@code rename home.4 to home.3}, {@code snapshot home.0 to home.1}. */
  static String step(RotationStep step) {
    if (step instanceof RotationStep.Delete d) {
      return "delete " + d.stage();
    } else if (step instanceof RotationStep.Rename r) {
      return "rename " + r.from() + " to " + r.to();
    } else if (step instanceof RotationStep.MoveDown m) {
      return "rename " + m.from() + " to " + m.to();
    } else if (step instanceof RotationStep.Snapshot s) {
      return "snapshot " + s.from() + " to " + s.to();
    }
    throw new IllegalArgumentException("unknown rotation step " + step);
  }
}
