package dev.mnemosyne.core.port;

import dev.mnemosyne.core.model.StoreId;

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
}
