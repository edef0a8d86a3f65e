package dev.mnemosyne.core;

import dev.mnemosyne.core.port.Handle;
import java.nio.file.Path;

/** A store that {@code mount} opened and mounted; it stays so until closed, which tears everything down. */
public interface MountedStore extends Handle {
  /** Where the store's filesystem, with every key's stages, is mounted. */
  Path root();
}
