package dev.mnemosyne.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How {@code verify} checks a store: the longest the scrub may take, and how many files per key
 * it compares with their sources ({@code sample}; empty compares all).
 */
public record VerifyOptions(Duration scrubTimeout, Optional<Integer> sample) {
  public VerifyOptions {
    requireNonNull(scrubTimeout, "scrubTimeout");
    requireNonNull(sample, "sample");
    checkArgument(
        !scrubTimeout.isNegative() && !scrubTimeout.isZero(),
        "scrub timeout (%s) must be positive",
        scrubTimeout);
    checkArgument(sample.orElse(1) > 0, "sample (%s) must be positive", sample);
  }
}
