package dev.mnemosyne.core.port;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The outcome of a transfer that ran to its end. */
public record TransferResult(
    TransferStats stats, Completeness completeness, List<String> warnings) {

  /** How complete the mirror is. */
  public enum Completeness {
    /** Everything was copied. */
    COMPLETE,
    /** Everything was copied except files that disappeared while the copy ran (normal on a live system). */
    COMPLETE_VANISHED_FILES,
    /** Some files could not be copied: the mirror is not a complete copy. */
    PARTIAL
  }

  public TransferResult {
    requireNonNull(stats, "stats");
    requireNonNull(completeness, "completeness");
    warnings = List.copyOf(warnings);
  }

  public static TransferResult complete(TransferStats stats) {
    return new TransferResult(stats, Completeness.COMPLETE, List.of());
  }

  /** Whether the target is a full copy of the source, good enough to become history. */
  public boolean isComplete() {
    return completeness != Completeness.PARTIAL;
  }
}
