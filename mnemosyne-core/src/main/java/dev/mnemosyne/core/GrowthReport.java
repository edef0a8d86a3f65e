package dev.mnemosyne.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What {@code growStore} did: the image's size before (unknown in a dry run) and the size
 * asked for ({@code store.size}), the filesystem's size before and after, the remote's free
 * space, and the warnings given.
 */
public record GrowthReport(
    Optional<Long> imageBytesBefore,
    long imageBytes,
    Optional<Long> filesystemBytesBefore,
    Optional<Long> filesystemBytesAfter,
    Optional<Long> remoteFreeBytes,
    List<String> warnings,
    boolean dryRun) {

  public GrowthReport {
    requireNonNull(imageBytesBefore, "imageBytesBefore");
    checkArgument(imageBytes > 0, "image size (%s) must be positive", imageBytes);
    requireNonNull(filesystemBytesBefore, "filesystemBytesBefore");
    requireNonNull(filesystemBytesAfter, "filesystemBytesAfter");
    requireNonNull(remoteFreeBytes, "remoteFreeBytes");
    warnings = List.copyOf(warnings);
  }

  /** Whether this run extended the image. */
  public boolean imageGrew() {
    return imageBytesBefore.map(before -> before < imageBytes).orElse(false);
  }

  /** Whether this run grew the filesystem (also when only an interrupted earlier run had grown the image). */
  public boolean filesystemGrew() {
    return filesystemBytesBefore.isPresent()
        && filesystemBytesAfter.isPresent()
        && filesystemBytesAfter.get() > filesystemBytesBefore.get();
  }

  /** Whether there was nothing to do: the image had the configured size and the filesystem filled it. */
  public boolean unchanged() {
    return !dryRun && !imageGrew() && !filesystemGrew();
  }
}
