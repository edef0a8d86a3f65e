package dev.mnemosyne.core.port;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.BlockSize;
import java.util.List;

/**
 * How {@link Transfer#mirror} copies: the paths it leaves out ({@code excludes}, rsync patterns),
 * the unit in which it compares and rewrites a changed file ({@code blockSize}), and whether runs
 * of zeros in files it updates in place become holes ({@code holesInUpdates}). Holes in new files
 * are kept on a first copy into an empty target either way. Holes in updates cost history (rsync
 * punches a hole at the zero edges of every block it writes, and btrfs rewrites a sector for
 * each), so they are for stores that do not compress, where zeros would take their full size.
 */
public record MirrorOptions(List<String> excludes, BlockSize blockSize, boolean holesInUpdates) {
  public MirrorOptions {
    excludes = List.copyOf(excludes);
    requireNonNull(blockSize, "blockSize");
  }

  /** Nothing left out, the {@linkplain BlockSize#DEFAULT default block size}, no holes in updates. */
  public static MirrorOptions defaults() {
    return new MirrorOptions(List.of(), BlockSize.DEFAULT, false);
  }

  /** {@code excludes} left out, otherwise the {@link #defaults()}. */
  public static MirrorOptions excluding(List<String> excludes) {
    return new MirrorOptions(excludes, BlockSize.DEFAULT, false);
  }

  public MirrorOptions withBlockSize(BlockSize blockSize) {
    return new MirrorOptions(excludes, blockSize, holesInUpdates);
  }

  public MirrorOptions withHolesInUpdates(boolean holesInUpdates) {
    return new MirrorOptions(excludes, blockSize, holesInUpdates);
  }
}
