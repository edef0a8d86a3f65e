package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.OptionalInt;

/**
 * The unit in which a file that changed is compared with its copy in the store and rewritten
 * there. A kept point costs about the changed bytes rounded out to this unit, so small is cheap
 * in history; but the transfer holds one checksum per unit of the largest file it updates
 * (rsync: about 12 MiB per GiB at 4 KiB), so small costs memory for very big files.
 *
 * <p>{@link #DEFAULT} is 4 KiB, the filesystem's sector: a 5 GiB file is compared in about 64
 * MiB. A directory of bigger files (disk images) sets a larger fixed size, or {@link
 * #automatic()}: rsync's own choice, about the square root of each file's size up to 128 KiB,
 * which keeps rsync at a few MiB for a 16 GiB file and costs two to four times the changed
 * bytes per point.
 */
public record BlockSize(OptionalInt fixedBytes) {
  /** The smallest fixed size: one sector of the store's filesystem. */
  public static final int MIN_BYTES = 4096;

  /** The largest fixed size rsync accepts. */
  public static final int MAX_BYTES = 128 * 1024;

  /** What a directory without a {@code blockSize} setting uses: 4 KiB. */
  public static final BlockSize DEFAULT = fixed(MIN_BYTES);

  /** The configuration's word for {@link #automatic()}. */
  public static final String AUTOMATIC_NAME = "auto";

  public BlockSize {
    fixedBytes.ifPresent(bytes -> checkArgument(
        isValidFixed(bytes),
        "a block size must be a multiple of %s from %s to %s bytes, got %s",
        MIN_BYTES,
        MIN_BYTES,
        MAX_BYTES,
        bytes));
  }

  /** Whether {@code bytes} is a fixed size {@link #fixed} accepts. */
  public static boolean isValidFixed(long bytes) {
    return bytes >= MIN_BYTES && bytes <= MAX_BYTES && bytes % MIN_BYTES == 0;
  }

  /** A fixed size: a multiple of 4096 from 4096 to 131072 bytes. */
  public static BlockSize fixed(int bytes) {
    return new BlockSize(OptionalInt.of(bytes));
  }

  /** The transfer chooses per file (rsync: about the square root of the file's size). */
  public static BlockSize automatic() {
    return new BlockSize(OptionalInt.empty());
  }

  public boolean isAutomatic() {
    return fixedBytes.isEmpty();
  }

  @Override
  public String toString() {
    return isAutomatic() ? AUTOMATIC_NAME : fixedBytes.getAsInt() + " bytes";
  }
}
