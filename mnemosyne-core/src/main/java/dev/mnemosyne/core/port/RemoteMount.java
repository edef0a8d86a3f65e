package dev.mnemosyne.core.port;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import java.nio.file.Path;

/** Port: makes the remote (NAS share, block device, local directory) available as a directory. */
public interface RemoteMount {

  /**
   * Mounts {@code remote} for the store {@code store} and returns the mounted directory.
   *
   * @throws StepFailedException with {@link Step#MOUNT_REMOTE}
   */
  MountedRemote mount(Remote remote, StoreId store);

  /**
   * Releases what an earlier, crashed run of {@code store} left mounted; a no-op when
   * nothing is. Never touches anything that is not this store's.
   *
   * @throws StepFailedException with {@link Step#CLEAN_UP_LEFTOVERS}
   */
  void cleanUp(StoreId store);

  /** A mounted remote; closing it unmounts it ({@link Step#UNMOUNT_REMOTE}). */
  interface MountedRemote extends Handle {
    /** The directory that holds the remote's files, where the store image lives. */
    Path directory();

    /** Free and total space on the remote, where it can be known. */
    SpaceUsage space();
  }
}
