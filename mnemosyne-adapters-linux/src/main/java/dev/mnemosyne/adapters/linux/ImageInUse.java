package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.StoreLockedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether a store image is attached to a loop device already (as {@code cryptsetup open}
 * and {@code losetup} attach it), by the file it is, device and inode, not by its name: a
 * detached {@code --mount} under another configuration that reaches the same image through a
 * symbolic link or another mount of its filesystem. Read from
 * {@code /sys/block/loop*}{@code /loop/backing_file}.
 */
final class ImageInUse {
  private static final Logger log = LoggerFactory.getLogger(ImageInUse.class);

  private final Path sysBlock;
  private final MountTable mounts;

  ImageInUse(Path sysBlock, MountTable mounts) {
    this.sysBlock = requireNonNull(sysBlock, "sysBlock");
    this.mounts = requireNonNull(mounts, "mounts");
  }

  /**
   * Refuses an image that a loop device holds already; call it once this store's own leftovers
   * are cleaned up, so that whatever holds the image is another configuration's or someone's.
   *
   * @throws StoreLockedException naming the device and where it is mounted
   */
  void refuseIfOpen(Path image) {
    Optional<FileIdentity> wanted = FileIdentity.of(image);
    if (wanted.isEmpty()) {
      return;
    }
    for (String loop : loopDevices()) {
      Optional<Path> backing = backingFile(loop);
      if (backing.flatMap(FileIdentity::of).equals(wanted)) {
        List<String> names = new ArrayList<>(holders(loop));
        names.add(loop);
        List<String> mountedAt = mounts.mountPointsOf(MountTable.withMappingNames(names, sysBlock));
        throw new StoreLockedException(
            "the store image " + image + " is open already as /dev/" + loop
                + (names.size() > 1
                    ? " (under " + String.join(", ", names.subList(0, names.size() - 1)) + ")"
                    : "")
                + (mountedAt.isEmpty() ? "" : ", mounted at " + String.join(", ", mountedAt))
                + ": another configuration names the same image (its remote by another path, host or device name), or it"
                + " was opened by hand; unmount it first (mnemosyne --unmount with the configuration that mounted it)",
            OptionalLong.empty());
      }
    }
  }

  private List<String> loopDevices() {
    if (!Files.isDirectory(sysBlock)) {
      return List.of();
    }
    try (Stream<Path> devices = Files.list(sysBlock)) {
      return devices
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("loop"))
          .sorted()
          .toList();
    } catch (IOException e) {
      log.debug("cannot list {}: {}", sysBlock, e.toString());
      return List.of();
    }
  }

  private Optional<Path> backingFile(String loop) {
    Path file = sysBlock.resolve(loop).resolve("loop").resolve("backing_file");
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      String backing = Files.readString(file, StandardCharsets.UTF_8).strip();
      return backing.isEmpty() || backing.endsWith(" (deleted)")
          ? Optional.empty()
          : Optional.of(Path.of(backing));
    } catch (IOException e) {
      log.debug("cannot read {}: {}", file, e.toString());
      return Optional.empty();
    }
  }

  /** The devices stacked on a loop device, e.g. the LUKS mapping {@code dm-0}. */
  private List<String> holders(String loop) {
    Path dir = sysBlock.resolve(loop).resolve("holders");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> holders = Files.list(dir)) {
      return holders.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** What a file is on this host, whatever its name: its device and inode. */
  record FileIdentity(long device, long inode) {
    // equals and hashCode written out: a record's own are linked by invokedynamic at their first
    // call, and this is the first record compared in a backup (a few ms of every run's start).
    @Override
    public boolean equals(Object other) {
      return other instanceof FileIdentity that && device == that.device && inode == that.inode;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(device) * 31 + Long.hashCode(inode);
    }

    static Optional<FileIdentity> of(Path file) {
      try {
        return Optional.of(new FileIdentity(
            ((Number) Files.getAttribute(file, "unix:dev")).longValue(),
            ((Number) Files.getAttribute(file, "unix:ino")).longValue()));
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }
}
