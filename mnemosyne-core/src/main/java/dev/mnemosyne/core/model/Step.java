package dev.mnemosyne.core.model;

/** The steps of mnemosyne's runs, as errors and progress events name them. */
public enum Step {
  CHECK_HOST("check the host"),
  CREATE_KEY("create the key file"),
  ACQUIRE_LOCK("lock the store"),
  CLEAN_UP_LEFTOVERS("clean up after an earlier run"),
  MOUNT_REMOTE("mount the remote"),
  CREATE_IMAGE("create the store image"),
  FORMAT_VOLUME("format the encrypted volume"),
  CHECK_KEY("check the key against the store"),
  BACK_UP_HEADER("back up the volume's LUKS header"),
  OPEN_VOLUME("open the encrypted volume"),
  MAKE_FILESYSTEM("make the btrfs filesystem"),
  MOUNT_FILESYSTEM("mount the store filesystem"),
  READ_STORE("read the store"),
  CHECK_SPACE("check free space"),
  CREATE_SUBVOLUME("create a subvolume"),
  SNAPSHOT_SUBVOLUME("snapshot a subvolume"),
  RENAME_SUBVOLUME("rename a subvolume"),
  DELETE_SUBVOLUME("delete a subvolume"),
  READ_STATE("read store state"),
  WRITE_STATE("write store state"),
  TRANSFER("copy files"),
  RESTORE("restore files from the store"),
  SCRUB("scrub the store filesystem"),
  COMPARE("compare the live stage with its source"),
  GROW_IMAGE("grow the store image"),
  RESIZE_VOLUME("resize the volume to its image"),
  GROW_FILESYSTEM("grow the store filesystem"),
  READ_KEY_SLOTS("read the volume's key slots"),
  ADD_KEY("add the new key to the volume"),
  REMOVE_KEY("remove the old key from the volume"),
  REPLACE_KEY_FILE("replace the key file"),
  UNMOUNT_FILESYSTEM("unmount the store filesystem"),
  CLOSE_VOLUME("close the encrypted volume"),
  UNMOUNT_REMOTE("unmount the remote"),
  RELEASE_LOCK("release the store's lock"),
  RUN_BEFORE_HOOK("run the before hook"),
  RUN_AFTER_HOOK("run the after hook");

  private final String description;

  Step(String description) {
    this.description = description;
  }

  /** What the step does, in a few words: {@code "mount the remote"}. */
  public String description() {
    return description;
  }
}
