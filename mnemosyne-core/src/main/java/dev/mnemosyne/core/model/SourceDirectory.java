package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/** A local directory that is backed up under {@code key}, less what {@code excludes} matches (rsync patterns). */
public record SourceDirectory(StageKey key, Path directory, List<String> excludes) {
  public SourceDirectory {
    requireNonNull(key, "key");
    requireNonNull(directory, "directory");
    checkArgument(directory.isAbsolute(), "directory '%s' must be an absolute path", directory);
    excludes = List.copyOf(excludes);
  }

  public SourceDirectory(StageKey key, Path directory) {
    this(key, directory, List.of());
  }
}
