package dev.mnemosyne.core.port;

import static com.google.common.base.Preconditions.checkArgument;

/** Free and total bytes of a filesystem, as far as the filesystem can tell. */
public record SpaceUsage(long totalBytes, long freeBytes) {
  public SpaceUsage {
    checkArgument(
        totalBytes >= 0 && freeBytes >= 0,
        "space (%s of %s) must not be negative",
        freeBytes,
        totalBytes);
  }

  /** The fraction of the space in use, 0 to 1. */
  public double usedFraction() {
    return totalBytes == 0 ? 0 : 1 - (double) Math.min(freeBytes, totalBytes) / totalBytes;
  }
}
