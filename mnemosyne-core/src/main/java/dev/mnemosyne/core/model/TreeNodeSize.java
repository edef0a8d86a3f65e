package dev.mnemosyne.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The size of the nodes of the store's filesystem trees (btrfs's {@code --nodesize}), chosen once,
 * when the store is made. After a snapshot, btrfs copies every node that a change touches, so
 * smaller nodes make a kept point of many small changed files smaller; they also make a run read
 * the store's metadata in more, smaller requests, which a CIFS share's read-ahead absorbs
 * (docs/PERFORMANCE.md).
 */
public enum TreeNodeSize {
  /**
   * mnemosyne's choice for new stores: 4 KiB nodes where the machine's memory pages are 4 KiB
   * (btrfs's nodes can be no smaller than its sectors, which older btrfs-progs make a page
   * each), and btrfs's own default elsewhere. Stores made before this default, and by the
   * original tool, have btrfs's default of 16 KiB, {@link #KIB_16}.
   */
  DEFAULT(0),
  /** 4 KiB nodes: the smallest kept points of small changed files, the most read requests. */
  KIB_4(4096),
  /** 8 KiB nodes. */
  KIB_8(8192),
  /** 16 KiB nodes: btrfs's own default, which stores made before 4 KiB nodes have. */
  KIB_16(16384),
  /** 32 KiB nodes. */
  KIB_32(32768),
  /** 64 KiB nodes, the largest btrfs makes. */
  KIB_64(65536);

  private final int bytes;

  TreeNodeSize(int bytes) {
    this.bytes = bytes;
  }

  /**
   * The node size in bytes; empty for {@link #DEFAULT}, whose size the filesystem's adapter picks
   * for the machine.
   */
  public OptionalInt bytes() {
    return this == DEFAULT ? OptionalInt.empty() : OptionalInt.of(bytes);
  }

  /** The size of {@code bytes}, if it is one of the sizes here. */
  public static Optional<TreeNodeSize> ofBytes(long bytes) {
    return Arrays.stream(values()).filter(s -> s != DEFAULT && s.bytes == bytes).findFirst();
  }

  /** The byte counts a configuration may name, smallest first. */
  public static List<Integer> choices() {
    return Arrays.stream(values()).filter(s -> s != DEFAULT).map(s -> s.bytes).toList();
  }
}
