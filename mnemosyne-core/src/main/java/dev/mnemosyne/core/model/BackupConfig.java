package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Everything one store's backups need: where the store is, how it is kept, and what goes in it. */
public record BackupConfig(Remote remote, StoreSpec store, RotationPolicy strategy, List<SourceDirectory> directories) {

  public BackupConfig {
    requireNonNull(remote, "remote");
    requireNonNull(store, "store");
    requireNonNull(strategy, "strategy");
    directories = List.copyOf(directories);
    checkArgument(!directories.isEmpty(), "at least one directory must be configured");
    Set<StageKey> keys = new HashSet<>();
    Set<java.nio.file.Path> paths = new HashSet<>();
    for (SourceDirectory d : directories) {
      checkArgument(keys.add(d.key()), "key '%s' is configured twice", d.key());
      checkArgument(paths.add(d.directory().normalize()), "directory '%s' is configured twice", d.directory());
    }
  }

  /** The name this store's mounts, mappings and lock are known by on the host. */
  public StoreId storeId() {
    return StoreId.of(remote, store.name());
  }
}
