package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What the store knows about the last sync into a key's live stage: whether it finished
 * completely, and when. Only a complete live stage is ever rotated into history. Stored as
 * one line, {@code complete 1732712345}, in the state file {@code <key>.sync}.
 */
record SyncRecord(Status status, Instant at) {

  /** The outcome of the last sync into the live stage. */
  public enum Status {
    /** The sync ran to the end; files that vanished while it ran do not count against it. */
    COMPLETE,
    /** The sync was started and did not finish, or finished without copying everything. */
    INCOMPLETE
  }

  public SyncRecord {
    requireNonNull(status, "status");
    requireNonNull(at, "at");
  }

  public boolean isComplete() {
    return status == Status.COMPLETE;
  }

  public String format() {
    return status.name().toLowerCase(java.util.Locale.ROOT) + " " + at.getEpochSecond() + "\n";
  }

  /** Parses a state file's content; anything unreadable counts as an incomplete sync. */
  public static SyncRecord parse(String content) {
    String[] words = content.trim().split("\\s+");
    try {
      Status status = Status.valueOf(words[0].toUpperCase(java.util.Locale.ROOT));
      Instant at = Instant.ofEpochSecond(Long.parseLong(words[1]));
      return new SyncRecord(status, at);
    } catch (RuntimeException unreadable) {
      return new SyncRecord(Status.INCOMPLETE, Instant.EPOCH);
    }
  }
}
