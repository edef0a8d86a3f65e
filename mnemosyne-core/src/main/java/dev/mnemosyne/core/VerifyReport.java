package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.port.ScrubResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code verify} found: the scrub's outcome, and per key how its live stage compared with
 * its source for the files that had not changed since the last sync.
 */
public record VerifyReport(ScrubResult scrub, List<KeyCheck> keys) {
  public VerifyReport {
    requireNonNull(scrub, "scrub");
    keys = List.copyOf(keys);
  }

  /** Whether the scrub found no error and no compared file differed. */
  public boolean clean() {
    return scrub.errors() == 0 && keys.stream().allMatch(k -> k.differences().isEmpty());
  }

  /**
   * One key: the time of its last complete sync (files changed since are not compared), how
   * many files were eligible and how many compared, what differed, and why nothing was
   * compared if so.
   */
  public record KeyCheck(StageKey key, Path source, Optional<Instant> lastSync, long eligible, long compared,
      List<Difference> differences, Optional<String> note) {
    public KeyCheck {
      requireNonNull(key, "key");
      requireNonNull(source, "source");
      requireNonNull(lastSync, "lastSync");
      requireNonNull(note, "note");
      differences = List.copyOf(differences);
    }
  }

  /** A file of the source that the live stage does not hold as it is: {@code missing}, {@code size}, {@code content} or {@code type}. */
  public record Difference(String path, String problem) {
    public Difference {
      requireNonNull(path, "path");
      requireNonNull(problem, "problem");
    }
  }
}
