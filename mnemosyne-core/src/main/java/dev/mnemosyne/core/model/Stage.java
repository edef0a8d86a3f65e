package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One point in time of one key: {@code <key>.0} is the live copy that every backup syncs
 * into, {@code <key>.1} is the most recent read-only history, {@code <key>.2} the one
 * before, and so on.
 */
public record Stage(StageKey key, int index) implements Comparable<Stage> {
  private static final Pattern NAME =
      Pattern.compile("([A-Za-z0-9_-]{1,64})\\.(0|[1-9][0-9]{0,5})");

  public Stage {
    requireNonNull(key, "key");
    checkArgument(index >= 0, "stage index (%s) must not be negative", index);
  }

  public static Stage live(StageKey key) {
    return new Stage(key, 0);
  }

  /** The stage a subvolume name denotes, or empty for any other name. */
  public static Optional<Stage> parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Stage(new StageKey(m.group(1)), Integer.parseInt(m.group(2))));
  }

  /** The subvolume name, {@code <key>.<index>}. */
  public String name() {
    return key.value() + "." + index;
  }

  public boolean isLive() {
    return index == 0;
  }

  @Override
  public int compareTo(Stage other) {
    int byKey = key.compareTo(other.key);
    return byKey != 0 ? byKey : Integer.compare(index, other.index);
  }

  @Override
  public String toString() {
    return name();
  }
}
