package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code changeKey} did: the key file that now opens the store and its key slot (unknown
 * in a dry run), the slot the old key was removed from, and, when an earlier key change had
 * been interrupted, what was found and done about it.
 */
public record KeyChangeReport(
    Path keyFile,
    OptionalInt keySlot,
    OptionalInt removedSlot,
    Optional<String> resumed,
    boolean dryRun) {

  public KeyChangeReport {
    requireNonNull(keyFile, "keyFile");
    requireNonNull(keySlot, "keySlot");
    requireNonNull(removedSlot, "removedSlot");
    requireNonNull(resumed, "resumed");
  }
}
