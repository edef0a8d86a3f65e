package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.port.TransferProgress;
import dev.mnemosyne.core.port.TransferStats;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads rsync's output: the {@code --info=progress2} lines
 * ({@code 3,000,003 100%  1.38GB/s  0:00:00 (xfr#2, to-chk=0/4)}) and the {@code --stats}
 * block, line by line as it comes. Not thread-safe; one per transfer.
 */
final class RsyncOutput {
  private static final Pattern PROGRESS = Pattern.compile(
      "^\\s*([\\d,]+)\\s+(\\d{1,3})%\\s+([\\d.,]+)([kMGTP]?)B/s\\s+(\\d+):(\\d{2}):(\\d{2})"
          + "(?:\\s+\\(xfr#(\\d+),\\s+(ir|to)-chk=(\\d+)/(\\d+)\\))?\\s*$");
  private static final Pattern STAT = Pattern.compile("^([A-Z][A-Za-z ]+): ([\\d,]+)\\b.*$");

  private long files;
  private long filesTransferred;
  private long filesDeleted;
  private long bytes;
  private long bytesTransferred;
  private boolean sawStats;

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long lastProgressAt;
  private boolean anyProgress;
  private Optional<String> skipped = Optional.empty();

  /**
   * Reads at most one progress line per {@code interval} of {@code nanoTime}: rsync writes one
   * for every file it finishes, 50,000 for as many small files, and reading each would take CPU
   * from rsync itself. The last line skipped is kept for {@link #skippedProgress()}.
   */
  RsyncOutput(Duration interval, LongSupplier nanoTime) {
    this.intervalNanos = interval.toNanos();
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  /** Parses a progress line; empty for any other line. */
  static Optional<TransferProgress> progress(String line) {
    Matcher m = PROGRESS.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    long transferred = number(m.group(1));
    int percent = Math.min(100, Integer.parseInt(m.group(2)));
    long rate = rate(m.group(3), m.group(4));
    Duration remaining = Duration.ofHours(Long.parseLong(m.group(5)))
        .plusMinutes(Long.parseLong(m.group(6)))
        .plusSeconds(Long.parseLong(m.group(7)));
    long xfr = m.group(8) == null ? 0 : Long.parseLong(m.group(8));
    Optional<Long> toCheck =
        "to".equals(m.group(9)) ? Optional.of(Long.parseLong(m.group(10))) : Optional.empty();
    return Optional.of(new TransferProgress(
        transferred,
        percent,
        rate,
        percent < 100 ? Optional.of(remaining) : Optional.of(Duration.ZERO),
        xfr,
        toCheck));
  }

  /** Takes one line of output into account; returns its progress if it is a progress line. */
  Optional<TransferProgress> accept(String line) {
    if (line.contains("B/s")) {
      long now = nanoTime.getAsLong();
      if (anyProgress && now - lastProgressAt < intervalNanos) {
        skipped = Optional.of(line);
        return Optional.empty();
      }
      Optional<TransferProgress> progress = progress(line);
      if (progress.isPresent()) {
        anyProgress = true;
        lastProgressAt = now;
        skipped = Optional.empty();
        return progress;
      }
    }
    Matcher m = STAT.matcher(line.trim());
    if (m.matches()) {
      long value = number(m.group(2));
      switch (m.group(1)) {
        case "Number of files" -> files = value;
        case "Number of regular files transferred" -> filesTransferred = value;
        case "Number of deleted files" -> filesDeleted = value;
        case "Total file size" -> bytes = value;
        case "Total transferred file size" -> bytesTransferred = value;
        default -> {
          return Optional.empty();
        }
      }
      sawStats = true;
    }
    return Optional.empty();
  }

  /** The last progress line {@link #accept} skipped, if none was read after it. */
  Optional<TransferProgress> skippedProgress() {
    return skipped.flatMap(RsyncOutput::progress);
  }

  /** Whether a {@code --stats} block was seen. */
  boolean sawStats() {
    return sawStats;
  }

  TransferStats stats() {
    return new TransferStats(files, filesTransferred, filesDeleted, bytes, bytesTransferred);
  }

  private static long number(String digits) {
    return Long.parseLong(digits.replace(",", ""));
  }

  private static long rate(String value, String unit) {
    double number = Double.parseDouble(value.replace(",", ""));
    int power = "kMGTP".indexOf(unit) + 1;
    return (long) (number * Math.pow(1024, unit.isEmpty() ? 0 : power));
  }
}
