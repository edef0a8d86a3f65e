package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one store's backups need: where the store is, how it is kept, and what goes in it;
 * and, optionally, the hooks a backup runs and where the command writes its metrics.
 */
public record BackupConfig(
    Remote remote,
    StoreSpec store,
    RotationPolicy strategy,
    List<SourceDirectory> directories,
    Hooks hooks,
    Optional<Path> metricsFile) {

  /** A configuration without hooks and without a metrics file. */
  public BackupConfig(
      Remote remote, StoreSpec store, RotationPolicy strategy, List<SourceDirectory> directories) {
    this(remote, store, strategy, directories, Hooks.NONE, Optional.empty());
  }

  public BackupConfig {
    requireNonNull(remote, "remote");
    requireNonNull(store, "store");
    requireNonNull(strategy, "strategy");
    requireNonNull(hooks, "hooks");
    requireNonNull(metricsFile, "metricsFile");
    checkArgument(
        metricsFile.map(Path::isAbsolute).orElse(true),
        "the metrics file (%s) must be an absolute path",
        metricsFile.orElse(null));
    directories = List.copyOf(directories);
    checkArgument(!directories.isEmpty(), "at least one directory must be configured");
    Set<StageKey> keys = new HashSet<>();
    Set<java.nio.file.Path> paths = new HashSet<>();
    for (SourceDirectory d : directories) {
      checkArgument(keys.add(d.key()), "key '%s' is configured twice", d.key());
      checkArgument(
          paths.add(d.directory().normalize()),
          "directory '%s' is configured twice",
          d.directory());
    }
  }

  /** The name this store's mounts, mappings and lock are known by on the host. */
  public StoreId storeId() {
    return StoreId.of(remote, store.name());
  }
}
