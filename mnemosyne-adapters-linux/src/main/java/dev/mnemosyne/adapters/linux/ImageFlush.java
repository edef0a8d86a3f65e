package dev.mnemosyne.adapters.linux;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes the store image durable where it lives after the device over it has been closed.
 *
 * <p>A loop device writes into its image file's page cache, and when it is detached the kernel
 * lets go of the file without the flush that {@code close(2)} does. Writes that reached the image
 * after the filesystem's last flush (btrfs writes its backup superblock after the primary one)
 * can so stay cached: on a local disk they are not yet durable when the run reports success, and
 * on a CIFS share, with no writable handle left open, the client drops them when the share is
 * unmounted ({@code No writable handle in writepages}), leaving a stale backup superblock that
 * {@code btrfs scrub} reports. Opening the image for writing and {@code fsync}ing it writes them
 * through that handle.
 */
@FunctionalInterface
interface ImageFlush {
  /** {@code fsync} through a handle of its own; an image that is gone has nothing to flush. */
  ImageFlush FSYNC = image -> {
    try (FileChannel channel = FileChannel.open(image, StandardOpenOption.WRITE)) {
      channel.force(true);
    } catch (NoSuchFileException e) {
      // Removed already (a store whose making failed): nothing of it to keep.
    }
  };

  /** Writes what is cached of {@code image} through to its filesystem. */
  void flush(Path image) throws IOException;
}
