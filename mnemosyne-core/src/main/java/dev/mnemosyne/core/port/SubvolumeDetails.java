package dev.mnemosyne.core.port;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a filesystem can tell about one subvolume: when it was created (for a snapshot, when
 * it was taken) and how many bytes it holds in all, alone (exclusive) and together with other
 * subvolumes (shared). Each is empty where the filesystem cannot tell.
 */
public record SubvolumeDetails(
    Optional<Instant> created,
    Optional<Long> totalBytes,
    Optional<Long> exclusiveBytes,
    Optional<Long> sharedBytes) {
  /** Nothing known. */
  public static final SubvolumeDetails UNKNOWN =
      new SubvolumeDetails(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public SubvolumeDetails {
    requireNonNull(created, "created");
    requireNonNull(totalBytes, "totalBytes");
    requireNonNull(exclusiveBytes, "exclusiveBytes");
    requireNonNull(sharedBytes, "sharedBytes");
    for (Optional<Long> bytes : List.of(totalBytes, exclusiveBytes, sharedBytes)) {
      checkArgument(bytes.orElse(0L) >= 0, "sizes (%s) must not be negative", bytes);
    }
  }
}
