package dev.mnemosyne.core.model;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * When each history stage of a key was taken, as recorded in its {@code <key>.times} state file:
 * one line {@code <index> <ISO-8601 instant>} per stage. Before a stage moves to another slot
 * (or a snapshot fills slot 1), the record of the target slot is written first, so that the
 * file is right both before and after the move: a time always travels with its stage. Entries
 * of slots that hold no stage mean nothing. Stages without an entry (stores made before, or
 * by the original tool) take their snapshot's creation time.
 */
public final class PointTimes {
  private final SortedMap<Integer, Instant> byIndex;

  private PointTimes(SortedMap<Integer, Instant> byIndex) {
    this.byIndex = byIndex;
  }

  /** No time recorded. */
  public static PointTimes none() {
    return new PointTimes(new TreeMap<>());
  }

  /** Reads a {@code <key>.times} file; lines that cannot be read are left out. */
  public static PointTimes parse(String content) {
    requireNonNull(content, "content");
    SortedMap<Integer, Instant> times = new TreeMap<>();
    for (String line : content.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length != 2) {
        continue;
      }
      try {
        int index = Integer.parseInt(fields[0]);
        if (index >= 1) {
          times.put(index, Instant.parse(fields[1]));
        }
      } catch (NumberFormatException | DateTimeException unreadable) {
        // a damaged line: that stage falls back to its snapshot's creation time
      }
    }
    return new PointTimes(times);
  }

  /** The recorded time of slot {@code index}. */
  public Optional<Instant> at(int index) {
    return Optional.ofNullable(byIndex.get(index));
  }

  /** This record with slot {@code index} set to {@code time}, or cleared when it is empty. */
  public PointTimes with(int index, Optional<Instant> time) {
    SortedMap<Integer, Instant> copy = new TreeMap<>(byIndex);
    time.ifPresentOrElse(t -> copy.put(index, t), () -> copy.remove(index));
    return new PointTimes(copy);
  }

  /** The file's content. */
  public String format() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<Integer, Instant> e : byIndex.entrySet()) {
      out.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PointTimes other && byIndex.equals(other.byIndex);
  }

  @Override
  public int hashCode() {
    return byIndex.hashCode();
  }

  @Override
  public String toString() {
    return "PointTimes" + byIndex;
  }
}
