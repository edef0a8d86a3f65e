package dev.mnemosyne.testkit;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Compression;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Hooks;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.RetentionPolicy;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.StoreSpec;
import dev.mnemosyne.core.model.TreeNodeSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link BackupConfig} for a {@link FakeEnvironment}: by default a 1 GB LUKS store
 * {@code backup.img} on the environment's local remote, opened with its key file, keeping 8
 * stages rotated weekly. At least one directory must be added.
 */
public final class ConfigBuilder {
  private final FakeEnvironment environment;
  private Remote remote;
  private String storeName = "backup.img";
  private long sizeGigabytes = 1;
  private Encryption encryption = Encryption.LUKS;
  private Optional<Path> keyFile = Optional.empty();
  private RotationPolicy strategy = RotationPolicy.ofHours(8, 168);
  private Compression compression = Compression.DEFAULT;
  private TreeNodeSize nodeSize = TreeNodeSize.DEFAULT;
  private final List<SourceDirectory> directories = new ArrayList<>();
  private Hooks hooks = Hooks.NONE;

  ConfigBuilder(FakeEnvironment environment) {
    this.environment = environment;
    this.remote = environment.localRemote();
  }

  @CanIgnoreReturnValue
  public ConfigBuilder remote(Remote remote) {
    this.remote = requireNonNull(remote, "remote");
    return this;
  }

  @CanIgnoreReturnValue
  public ConfigBuilder storeName(String name) {
    this.storeName = requireNonNull(name, "name");
    return this;
  }

  @CanIgnoreReturnValue
  public ConfigBuilder sizeGigabytes(long size) {
    this.sizeGigabytes = size;
    return this;
  }

  /** Uses this key file instead of the environment's; it need not exist (e.g. for {@code initKey}). */
  @CanIgnoreReturnValue
  public ConfigBuilder keyFile(Path keyFile) {
    this.keyFile = Optional.of(keyFile);
    return this;
  }

  /** Makes the store unencrypted ({@code store.encryption: none}). */
  @CanIgnoreReturnValue
  public ConfigBuilder unencrypted() {
    this.encryption = Encryption.NONE;
    return this;
  }

  /** Keeps {@code stages} stages, rotated every {@code rotateHours} hours, as the configuration file says it. */
  @CanIgnoreReturnValue
  public ConfigBuilder rotation(int stages, double rotateHours) {
    this.strategy = RotationPolicy.ofHours(stages, rotateHours);
    return this;
  }

  /**
   * Rotates every {@code rotateHours} hours and thins the history with {@code keep}, capped at
   * {@code stages} (or {@link RotationPolicy#NO_CAP}).
   */
  @CanIgnoreReturnValue
  public ConfigBuilder retention(RetentionPolicy keep, int stages, double rotateHours) {
    this.strategy = new RotationPolicy(
        stages, RotationPolicy.ofHours(1, rotateHours).period(), Optional.of(keep));
    return this;
  }

  /** Backs up {@code directory} under {@code key}, less what {@code excludes} match. */
  @CanIgnoreReturnValue
  public ConfigBuilder directory(String key, Path directory, String... excludes) {
    directories.add(new SourceDirectory(new StageKey(key), directory, List.of(excludes)));
    return this;
  }

  /** Backs up {@code source}: with its own excludes and block size. */
  @CanIgnoreReturnValue
  public ConfigBuilder directory(SourceDirectory source) {
    directories.add(requireNonNull(source, "source"));
    return this;
  }

  /** Runs {@code hooks} around each backup. */
  @CanIgnoreReturnValue
  public ConfigBuilder hooks(Hooks hooks) {
    this.hooks = requireNonNull(hooks, "hooks");
    return this;
  }

  /** The store's {@code store.compression}; {@link Compression#DEFAULT} unless set. */
  @CanIgnoreReturnValue
  public ConfigBuilder compression(Compression compression) {
    this.compression = requireNonNull(compression, "compression");
    return this;
  }

  /** The store's {@code store.nodeSize}; {@link TreeNodeSize#DEFAULT} unless set. */
  @CanIgnoreReturnValue
  public ConfigBuilder nodeSize(TreeNodeSize nodeSize) {
    this.nodeSize = requireNonNull(nodeSize, "nodeSize");
    return this;
  }

  public BackupConfig build() {
    Optional<Path> key = encryption == Encryption.NONE
        ? Optional.empty()
        : Optional.of(keyFile.orElseGet(environment::keyFile));
    return new BackupConfig(
        remote,
        new StoreSpec(
            storeName, sizeGigabytes, encryption, key, Optional.empty(), compression, nodeSize),
        strategy,
        directories,
        hooks,
        Optional.empty());
  }
}
