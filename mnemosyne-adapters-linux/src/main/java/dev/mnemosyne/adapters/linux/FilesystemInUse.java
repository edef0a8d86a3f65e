package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.Handle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's identity as the kernel sees it: the UUID of the btrfs filesystem inside the
 * image, read from its superblock before it is mounted. The same image reached through another
 * host name of the NAS, another name of the block device or a symbolic link has the same UUID;
 * so the mount is refused while a btrfs of that UUID is mounted ({@code /sys/fs/btrfs/<uuid>},
 * which a second mount would hide behind a temporary UUID); the check and the mount are
 * serialised by a lock on {@code <runtime>/btrfs-<uuid>.lock}, held until the mount is done.
 */
final class FilesystemInUse {
  private static final Logger log = LoggerFactory.getLogger(FilesystemInUse.class);
  static final Path SYS_FS_BTRFS = Path.of("/sys/fs/btrfs");
  static final Path SYS_BLOCK = Path.of("/sys/block");
  /** Where btrfs keeps its primary superblock, and within it the magic and the filesystem UUID. */
  static final long SUPERBLOCK_OFFSET = 64 * 1024;

  static final int FSID_OFFSET = 0x20;
  static final int MAGIC_OFFSET = 0x40;
  static final byte[] MAGIC = "_BHRfS_M".getBytes(StandardCharsets.US_ASCII);

  private final AdapterContext context;
  private final MountTable mounts;
  private final Path sysFsBtrfs;
  private final FileRunLock locks;

  FilesystemInUse(AdapterContext context, MountTable mounts, Path sysFsBtrfs) {
    this.context = requireNonNull(context, "context");
    this.mounts = requireNonNull(mounts, "mounts");
    this.sysFsBtrfs = requireNonNull(sysFsBtrfs, "sysFsBtrfs");
    this.locks = new FileRunLock(context);
  }

  /**
   * Locks the filesystem on {@code device} by its UUID and refuses it while a btrfs of that UUID
   * is mounted; the caller mounts it and then closes the lock. A device that holds no btrfs (yet)
   * gets a lock that holds nothing.
   *
   * @throws StoreLockedException naming where the filesystem is mounted, or the run that holds it
   */
  Handle lockUnlessMounted(Path device, StoreId store) {
    if (context.isDryRun()) {
      return () -> {};
    }
    Optional<String> uuid = uuid(device);
    if (uuid.isEmpty()) {
      return () -> {};
    }
    String fsid = uuid.get();
    Handle lock = locks.lockFile(
        context.runtimeDirectory().resolve("btrfs-" + fsid + ".lock"),
        (holder, since) -> new StoreLockedException(
            "the store's filesystem (btrfs " + fsid + ") is in use by"
                + " another mnemosyne run"
                + (holder.isPresent() ? " (pid " + holder.getAsLong() + ")" : "")
                + ", through another configuration that names the same image (store " + store
                + " here); try again"
                + " when it has finished",
            holder));
    Path mounted = sysFsBtrfs.resolve(fsid);
    if (Files.isDirectory(mounted)) {
      lock.close();
      List<String> at =
          mounts.mountPointsOf(MountTable.withMappingNames(devicesOf(mounted), SYS_BLOCK));
      throw new StoreLockedException(
          "the store's filesystem (btrfs " + fsid + ") is mounted already"
              + (at.isEmpty() ? "" : " at " + String.join(", ", at))
              + ": another configuration names the same image"
              + " (its remote by another path, host or device name), or it was mounted by hand; unmount it first"
              + " (mnemosyne --unmount with the configuration that mounted it)",
          OptionalLong.empty());
    }
    return lock;
  }

  /** The kernel names of the devices a mounted btrfs lives on ({@code /sys/fs/btrfs/<uuid>/devices/*}). */
  private static List<String> devicesOf(Path mounted) {
    try (Stream<Path> devices = Files.list(mounted.resolve("devices"))) {
      return devices.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The btrfs UUID in the superblock on {@code device}, if it holds a btrfs. */
  static Optional<String> uuid(Path device) {
    ByteBuffer block = ByteBuffer.allocate(MAGIC_OFFSET + MAGIC.length);
    try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
      while (block.hasRemaining()
          && channel.read(block, SUPERBLOCK_OFFSET + block.position()) > 0) {
        // reads until the magic is in
      }
    } catch (IOException e) {
      log.debug("cannot read the superblock of {}: {}", device, e.toString());
      return Optional.empty();
    }
    return uuid(block.array());
  }

  /** The UUID in a superblock's first bytes, if they carry btrfs's magic. */
  static Optional<String> uuid(byte[] superblock) {
    if (superblock.length < MAGIC_OFFSET + MAGIC.length) {
      return Optional.empty();
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (superblock[MAGIC_OFFSET + i] != MAGIC[i]) {
        return Optional.empty();
      }
    }
    String hex = HexFormat.of().formatHex(superblock, FSID_OFFSET, FSID_OFFSET + 16);
    return Optional.of(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-"
        + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20));
  }
}
