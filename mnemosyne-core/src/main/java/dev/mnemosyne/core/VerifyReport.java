package dev.mnemosyne.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

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
    return scrub.errors() == 0 && keys.stream().allMatch(k -> k.differing() == 0);
  }

  /**
   * One key ({@code "home"}): the time of its last complete sync (files changed since are not compared), how
   * many files were eligible and how many compared, how many of those differed and the first
   * of them ({@code differences} lists at most a hundred, however many differ), and why nothing
   * was compared if so.
   */
  public record KeyCheck(
      String key,
      Path source,
      Optional<Instant> lastSync,
      long eligible,
      long compared,
      long differing,
      List<Difference> differences,
      Optional<String> note) {
    public KeyCheck {
      requireNonNull(key, "key");
      requireNonNull(source, "source");
      requireNonNull(lastSync, "lastSync");
      requireNonNull(note, "note");
      differences = List.copyOf(differences);
      checkArgument(
          differing >= differences.size(),
          "differing (%s) is fewer than the differences listed (%s)",
          differing,
          differences.size());
    }

    /** A check whose {@code differences} are all that differed. */
    public KeyCheck(
        String key,
        Path source,
        Optional<Instant> lastSync,
        long eligible,
        long compared,
        List<Difference> differences,
        Optional<String> note) {
      this(key, source, lastSync, eligible, compared, differences.size(), differences, note);
    }

    /** Whether more files differed than {@code differences} lists. */
    public boolean truncated() {
      return differing > differences.size();
    }
  }

  /**
   * A file of the source that the live stage does not hold as it is: {@code missing}, {@code
   * size}, {@code content} or {@code type}. The path is relative to the source, byte-exact: a
   * name that is not UTF-8 shows its other bytes as {@code \xNN}.
   */
  public record Difference(String path, String problem) {
    public Difference {
      requireNonNull(path, "path");
      requireNonNull(problem, "problem");
    }
  }
}
