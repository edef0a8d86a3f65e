package dev.mnemosyne.core.port;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import java.nio.file.Path;

/**
 * Port: one run per store at a time. The lock is held by a live process only, so a crashed
 * run never blocks the next one.
 */
public interface RunLock {

  /**
   * Takes the store's lock, or fails at once if another run holds it.
   *
   * @throws StoreLockedException when another run holds the lock
   * @throws StepFailedException with {@link Step#ACQUIRE_LOCK} when the lock cannot be taken for another reason
   */
  Handle acquire(StoreId store);

  /**
   * Takes the lock of the store image itself, keyed on what the file is (its device and inode),
   * not on how the remote or the image is named: two configurations that reach one image
   * through a symbolic link, another host name or another device name cannot open it at once.
   * Taken after the remote is mounted and before the image is opened.
   *
   * @throws StoreLockedException when another run holds the image, naming it where known
   * @throws StepFailedException with {@link Step#ACQUIRE_LOCK} when the lock cannot be taken for another reason
   */
  Handle acquireImage(StoreId store, Path image);
}
