package dev.mnemosyne.core.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * The small files a store keeps beside its stages, in the filesystem's top directory:
 * the marker that says "this is a mnemosyne store", and per key the original tool's
 * {@code <key>.last} (epoch seconds of the last rotation, kept so that stores made by the
 * original keep working), {@code <key>.sync} (whether the last sync completed, and when) and,
 * once a retention policy thins the history, {@code <key>.times} (see {@link PointTimes}).
 */
public final class StateFiles {
  /** Written by {@code initStore} (or on adopting an original store); {@code backup} refuses a filesystem without it. */
  public static final String MARKER = ".mnemosyne-store";
  /** The marker's content. */
  public static final String MARKER_CONTENT = "mnemosyne store, format 1\n";

  private StateFiles() {}

  public static String lastRotation(StageKey key) {
    return key.value() + ".last";
  }

  /** When each history stage was taken, for stores with a retention policy (see {@link PointTimes}). */
  public static String times(StageKey key) {
    return key.value() + ".times";
  }

  public static String sync(StageKey key) {
    return key.value() + ".sync";
  }

  /**
   * Reads a {@code <key>.last} file: epoch seconds, possibly fractional as Python wrote them.
   * Anything unreadable, negative or beyond the representable time range reads as empty.
   */
  public static Optional<Instant> parseLastRotation(String content) {
    try {
      double seconds = Double.parseDouble(content.trim());
      return Double.isFinite(seconds) && seconds >= 0
          ? Optional.of(Instant.ofEpochSecond((long) seconds))
          : Optional.empty();
    } catch (NumberFormatException | DateTimeException unreadable) {
      return Optional.empty();
    }
  }

  public static String formatLastRotation(Instant at) {
    return at.getEpochSecond() + "\n";
  }

  /** Whether a top-level name belongs to a store: a stage, a state file or the marker. */
  public static boolean isStoreEntry(String name) {
    if (name.equals(MARKER) || Stage.parse(name).isPresent()) {
      return true;
    }
    int dot = name.lastIndexOf('.');
    return dot > 0
        && StageKey.isValid(name.substring(0, dot))
        && (name.endsWith(".last") || name.endsWith(".sync") || name.endsWith(".times"));
  }
}
