package dev.mnemosyne.core.port;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a transfer is: bytes copied so far, the percentage of the whole, the current rate
 * and the expected time left, and files still to check (when known).
 */
public record TransferProgress(
    long bytesTransferred,
    int percent,
    long bytesPerSecond,
    Optional<Duration> remaining,
    long filesTransferred,
    Optional<Long> filesToCheck) {

  public TransferProgress {
    checkArgument(bytesTransferred >= 0, "bytes transferred must not be negative");
    checkArgument(percent >= 0 && percent <= 100, "percent (%s) must be 0 to 100", percent);
    requireNonNull(remaining, "remaining");
    requireNonNull(filesToCheck, "filesToCheck");
  }
}
