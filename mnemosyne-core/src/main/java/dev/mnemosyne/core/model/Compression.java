package dev.mnemosyne.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the store's filesystem compresses what is written into it: btrfs's transparent
 * compression, chosen at every mount. It applies to new writes only; what a store holds
 * stays as it was written.
 */
public enum Compression {
  /** zstd at level 1: nearly the speed of no compression, most of zstd's saving (the default). */
  ZSTD_1("zstd:1"),
  /** zstd at level 3: a little smaller, slower to write. */
  ZSTD_3("zstd:3"),
  /** lzo: fast, saves less than zstd. */
  LZO("lzo"),
  /** No compression. */
  NONE("none");

  /** What a store without a {@code store.compression} setting uses (see docs/PERFORMANCE.md). */
  public static final Compression DEFAULT = ZSTD_1;

  private final String configName;

  Compression(String configName) {
    this.configName = configName;
  }

  /** The setting's value in the configuration: {@code "zstd:1"}, {@code "none"} … */
  public String configName() {
    return configName;
  }

  /** The btrfs mount option, {@code compress=zstd:1}; none for {@link #NONE}. */
  public Optional<String> mountOption() {
    return this == NONE ? Optional.empty() : Optional.of("compress=" + configName);
  }

  /** The setting named {@code name} in the configuration, if there is one. */
  public static Optional<Compression> fromConfigName(String name) {
    return Arrays.stream(values()).filter(c -> c.configName.equals(name)).findFirst();
  }

  /** Every configuration value, in order. */
  public static List<String> configNames() {
    return Arrays.stream(values()).map(Compression::configName).toList();
  }
}
