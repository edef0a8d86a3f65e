package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * A local directory that is backed up under {@code key}, less what {@code excludes} matches
 * (rsync patterns), its changed files compared in units of {@code blockSize}.
 */
public record SourceDirectory(
    StageKey key, Path directory, List<String> excludes, BlockSize blockSize) {
  public SourceDirectory {
    requireNonNull(key, "key");
    requireNonNull(directory, "directory");
    checkArgument(directory.isAbsolute(), "directory '%s' must be an absolute path", directory);
    excludes = List.copyOf(excludes);
    requireNonNull(blockSize, "blockSize");
  }

  /** With the {@linkplain BlockSize#DEFAULT default block size}. */
  public SourceDirectory(StageKey key, Path directory, List<String> excludes) {
    this(key, directory, excludes, BlockSize.DEFAULT);
  }

  public SourceDirectory(StageKey key, Path directory) {
    this(key, directory, List.of());
  }
}
