package dev.mnemosyne.core.port;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * The outcome of a scrub: whether it read the whole filesystem before its time ran out, how
 * many checksum, read or other errors it found, and the filesystem's own summary lines.
 */
public record ScrubResult(boolean finished, long errors, List<String> summary) {
  public ScrubResult {
    checkArgument(errors >= 0, "errors (%s) must not be negative", errors);
    summary = List.copyOf(summary);
  }
}
