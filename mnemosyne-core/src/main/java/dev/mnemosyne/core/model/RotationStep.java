package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * One filesystem operation of a rotation. Each is atomic on btrfs, so a rotation cut short
 * between two steps leaves a layout that the next rotation completes.
 */
public sealed interface RotationStep {

  /** Deletes a history stage that the policy no longer keeps. */
  record Delete(Stage stage) implements RotationStep {
    public Delete {
      requireNonNull(stage, "stage");
      checkArgument(!stage.isLive(), "the live stage %s is never deleted by a rotation", stage);
    }
  }

  /** Moves a read-only history stage one place older. */
  record Rename(Stage from, Stage to) implements RotationStep {
    public Rename {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
      checkArgument(
          from.key().equals(to.key()) && !from.isLive() && to.index() == from.index() + 1,
          "a rotation moves history one place older, not %s to %s",
          from,
          to);
    }
  }

  /** Freezes the live stage into a new read-only history stage. */
  record Snapshot(Stage from, Stage to) implements RotationStep {
    public Snapshot {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
      checkArgument(
          from.isLive() && to.index() == 1 && from.key().equals(to.key()),
          "a rotation snapshots the live stage into stage 1, not %s into %s",
          from,
          to);
    }
  }

  /**
   * Moves a read-only history stage one place younger, into the slot that a stage the
   * retention policy dropped has left.
   */
  record MoveDown(Stage from, Stage to) implements RotationStep {
    public MoveDown {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
      checkArgument(
          from.key().equals(to.key()) && !to.isLive() && to.index() == from.index() - 1,
          "thinning moves history one place younger, not %s to %s",
          from,
          to);
    }
  }
}
