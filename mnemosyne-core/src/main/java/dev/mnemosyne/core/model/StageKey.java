package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Pattern;

/**
 * The name under which one source directory is kept in a store: its stages are the
 * subvolumes {@code <key>.0}, {@code <key>.1}, … Only {@code [A-Za-z0-9_-]} is allowed, so a
 * key can never escape the store or be mistaken for another key's stage.
 */
public record StageKey(String value) implements Comparable<StageKey> {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public StageKey {
    checkArgument(
        value != null && SAFE.matcher(value).matches(),
        "key '%s' must be 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'",
        value);
  }

  public static boolean isValid(String value) {
    return value != null && SAFE.matcher(value).matches();
  }

  @Override
  public int compareTo(StageKey other) {
    return value.compareTo(other.value);
  }

  // equals and hashCode written out, the same as a record's own: those are linked by
  // invokedynamic at their first call, some milliseconds of every command's start.
  @Override
  public boolean equals(Object other) {
    return other instanceof StageKey that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
