package dev.mnemosyne.core;

import dev.mnemosyne.core.port.Handle;
import java.nio.file.Path;

/** A store that {@code mount} opened and mounted; it stays so until closed, which tears everything down. */
public interface MountedStore extends Handle {
  /** Where the store's filesystem, with every key's stages, is mounted. */
  Path root();

  /**
   * Leaves the store mounted and open beyond this handle and releases only the lock; {@code
   * unmount} (or the clean-up at the start of any later run of the store) tears it down.
   * Closing the handle afterwards does nothing.
   */
  void detach();
}
