package dev.mnemosyne.testkit;

import dev.mnemosyne.core.model.Step;

/** One kind of port call the fakes answer, as the {@link Journal} records it and {@link Faults} target it. */
public enum Operation {
  LOCK_ACQUIRE(Step.ACQUIRE_LOCK),
  LOCK_RELEASE(Step.ACQUIRE_LOCK),
  HOST_VERIFY(Step.CHECK_HOST),
  REMOTE_CLEAN_UP(Step.CLEAN_UP_LEFTOVERS),
  REMOTE_MOUNT(Step.MOUNT_REMOTE),
  REMOTE_SPACE(Step.CHECK_SPACE),
  REMOTE_UNMOUNT(Step.UNMOUNT_REMOTE),
  VOLUME_CLEAN_UP(Step.CLEAN_UP_LEFTOVERS),
  VOLUME_FORMAT(Step.FORMAT_VOLUME),
  VOLUME_CHECK_KEY(Step.CHECK_KEY),
  VOLUME_BACKUP_HEADER(Step.BACK_UP_HEADER),
  VOLUME_OPEN(Step.OPEN_VOLUME),
  VOLUME_CLOSE(Step.CLOSE_VOLUME),
  VOLUME_IMAGE_SIZE(Step.READ_STORE),
  VOLUME_GROW_IMAGE(Step.GROW_IMAGE),
  VOLUME_RESIZE(Step.RESIZE_VOLUME),
  VOLUME_KEY_SLOTS(Step.READ_KEY_SLOTS),
  VOLUME_SLOT_OF(Step.CHECK_KEY),
  VOLUME_ADD_KEY(Step.ADD_KEY),
  VOLUME_REMOVE_KEY(Step.REMOVE_KEY),
  FILESYSTEM_CLEAN_UP(Step.CLEAN_UP_LEFTOVERS),
  FILESYSTEM_MAKE(Step.MAKE_FILESYSTEM),
  FILESYSTEM_MOUNT(Step.MOUNT_FILESYSTEM),
  FILESYSTEM_UNMOUNT(Step.UNMOUNT_FILESYSTEM),
  FILESYSTEM_ENTRIES(Step.READ_STORE),
  FILESYSTEM_CREATE_SUBVOLUME(Step.CREATE_SUBVOLUME),
  FILESYSTEM_SNAPSHOT(Step.SNAPSHOT_SUBVOLUME),
  FILESYSTEM_RENAME(Step.RENAME_SUBVOLUME),
  FILESYSTEM_DELETE_SUBVOLUME(Step.DELETE_SUBVOLUME),
  FILESYSTEM_READ_STATE(Step.READ_STATE),
  FILESYSTEM_WRITE_STATE(Step.WRITE_STATE),
  FILESYSTEM_SPACE(Step.CHECK_SPACE),
  FILESYSTEM_DETAILS(Step.READ_STORE),
  FILESYSTEM_SCRUB(Step.SCRUB),
  FILESYSTEM_GROW(Step.GROW_FILESYSTEM),
  TRANSFER_MIRROR(Step.TRANSFER),
  TRANSFER_RESTORE(Step.RESTORE),
  HOOK_BEFORE(Step.RUN_BEFORE_HOOK),
  HOOK_AFTER(Step.RUN_AFTER_HOOK);

  private final Step step;

  Operation(Step step) {
    this.step = step;
  }

  /** The step a failure of this operation is reported as. */
  public Step step() {
    return step;
  }

  /** Whether the operation acquires something a run must release (a lock, a mount, an open volume). */
  public boolean isAcquire() {
    return this == LOCK_ACQUIRE
        || this == REMOTE_MOUNT
        || this == VOLUME_OPEN
        || this == FILESYSTEM_MOUNT;
  }

  /** Whether the operation releases something a run acquired (an unmount, a close, a lock release). */
  public boolean isRelease() {
    return this == LOCK_RELEASE
        || this == REMOTE_UNMOUNT
        || this == VOLUME_CLOSE
        || this == FILESYSTEM_UNMOUNT;
  }
}
