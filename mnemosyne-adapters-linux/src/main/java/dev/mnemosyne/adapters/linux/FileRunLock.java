package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.RunLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run per store: an exclusive {@code fcntl} lock on {@code <runtime>/<store>.lock}, which
 * the kernel releases when the holding process ends, however it ends. The holder writes its
 * PID into the file so that a refused run can name it. A second lock, on
 * {@code <runtime>/image-<device>-<inode>.lock}, is keyed on the store image itself. The files stay: deleting a lock
 * file while others may be opening it would let two runs lock two different files.
 */
final class FileRunLock implements RunLock {
  private static final Logger log = LoggerFactory.getLogger(FileRunLock.class);

  private final AdapterContext context;

  FileRunLock(AdapterContext context) {
    this.context = requireNonNull(context, "context");
  }

  @Override
  public Handle acquire(StoreId store) {
    requireNonNull(store, "store");
    return lockFile(
        context.lockFile(store), (holder, since) -> new StoreLockedException(store, holder, since));
  }

  /**
   * Locks {@code <runtime>/image-<device>-<inode>.lock}: the image file itself, however its
   * remote is spelled (a symbolic link, another mount of the same filesystem).
   */
  @Override
  public Handle acquireImage(StoreId store, Path image) {
    requireNonNull(store, "store");
    requireNonNull(image, "image");
    if (context.isDryRun()) {
      context.describe("would lock the store image " + image + " by its device and inode");
      return () -> context.describe("would unlock the store image " + image);
    }
    ImageInUse.FileIdentity identity = ImageInUse.FileIdentity.of(image)
        .orElseThrow(() -> new StepFailedException(
            Step.ACQUIRE_LOCK,
            "cannot tell which file the store image " + image + " is (no device and inode)"));
    context.createRuntimeDirectory(Step.ACQUIRE_LOCK);
    Path file = context
        .runtimeDirectory()
        .resolve("image-" + identity.device() + "-" + identity.inode() + ".lock");
    return lockFile(
        file,
        (holder, since) -> new StoreLockedException(
            "the store image " + image + " is in use by"
                + " another mnemosyne run"
                + (holder.isPresent() ? " (pid " + holder.getAsLong() + ")" : "")
                + ", through another configuration or another name for the same remote (store "
                + store + " here);"
                + " try again when it has finished",
            holder));
  }

  /** Takes the exclusive lock on {@code file}, or throws what {@code refused} makes of its holder. */
  Handle lockFile(
      Path file, BiFunction<OptionalLong, Optional<Instant>, StoreLockedException> refused) {
    if (context.isDryRun()) {
      context.describe("would lock " + file);
      return () -> context.describe("would unlock " + file);
    }
    context.createRuntimeDirectory(Step.ACQUIRE_LOCK);
    FileChannel channel = open(file);
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldHere) {
        lock = null;
      }
      if (lock == null) {
        OptionalLong holder = holder(channel);
        channel.close();
        throw refused.apply(holder, holder.isPresent() ? lockedSince(file) : Optional.empty());
      }
      writePid(channel);
      log.debug("locked {}", file);
      return new Held(channel, lock, file);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StepFailedException(Step.ACQUIRE_LOCK, "cannot lock " + file + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static FileChannel open(Path file) {
    try {
      return FileChannel.open(
          file,
          java.util.Set.of(
              StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(AdapterContext.PRIVATE_FILE));
    } catch (IOException e) {
      throw new StepFailedException(
          Step.ACQUIRE_LOCK, "cannot open the lock file " + file + ": " + e, e);
    }
  }

  private static OptionalLong holder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(64);
      channel.read(buffer, 0);
      buffer.flip();
      String text = StandardCharsets.US_ASCII.decode(buffer).toString().trim();
      return text.matches("\\d{1,18}")
          ? OptionalLong.of(Long.parseLong(text))
          : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** When the holder wrote its PID, which it does right after taking the lock. */
  private static Optional<Instant> lockedSince(Path file) {
    try {
      return Optional.of(Files.getLastModifiedTime(file).toInstant());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void writePid(FileChannel channel) throws IOException {
    channel.truncate(0);
    ByteBuffer pid = StandardCharsets.US_ASCII.encode(ProcessHandle.current().pid() + "\n");
    long position = 0;
    while (pid.hasRemaining()) {
      position += channel.write(pid, position);
    }
    // No fsync: the PID is read by other processes from the page cache, and a lock means nothing
    // after a crash.
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing a lock file failed: {}", e.toString());
    }
  }

  /** A held lock; closing it empties the file and releases the lock. */
  private static final class Held implements Handle {
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;
    private boolean closed;

    Held(FileChannel channel, FileLock lock, Path file) {
      this.channel = channel;
      this.lock = lock;
      this.file = file;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        channel.truncate(0);
        lock.release();
        channel.close();
      } catch (IOException e) {
        closeQuietly(channel);
        throw new StepFailedException(
            Step.ACQUIRE_LOCK, "cannot release the lock " + file + ": " + e, e);
      }
    }
  }
}
