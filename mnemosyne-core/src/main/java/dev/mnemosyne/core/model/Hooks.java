package dev.mnemosyne.core.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The hooks a backup runs, if any: one {@link Hook.Phase#BEFORE} and one {@link Hook.Phase#AFTER} the run. */
public record Hooks(Optional<Hook> before, Optional<Hook> after) {
  /** No hooks. */
  public static final Hooks NONE = new Hooks(Optional.empty(), Optional.empty());

  public Hooks {
    requireNonNull(before, "before");
    requireNonNull(after, "after");
  }

  /** The hook of {@code phase}, if one is configured. */
  public Optional<Hook> of(Hook.Phase phase) {
    return phase == Hook.Phase.BEFORE ? before : after;
  }

  /** Whether no hook is configured. */
  public boolean isEmpty() {
    return before.isEmpty() && after.isEmpty();
  }
}
