package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Mounting a store for as long as its user needs it, and tearing down, under the lock, what a
 * mount left open or a crash left behind.
 */
final class StoreMount {
  private final StoreSession session;

  StoreMount(StoreSession session) {
    this.session = session;
  }

  /** Opens and mounts the store; it stays mounted, and locked, until the handle is closed or detached. */
  MountedStore mount() {
    session.requireKey();
    Resources lock = new Resources();
    Resources resources = new Resources();
    try {
      MountedFilesystem fs = session.openStore(lock, resources, new ArrayList<>());
      return new MountedStore() {
        private boolean closed;

        @Override
        public Path root() {
          return fs.root();
        }

        @Override
        public synchronized void detach() {
          if (!closed) {
            closed = true;
            lock.releaseOrThrow(Optional.empty());
          }
        }

        @Override
        public synchronized void close() {
          if (!closed) {
            closed = true;
            Optional<MnemosyneException> failure = resources.release(Optional.empty());
            lock.releaseOrThrow(failure);
          }
        }
      };
    } catch (RuntimeException | Error e) {
      Optional<MnemosyneException> failure =
          resources.release(Optional.of(Failures.asMnemosyne(e)));
      lock.releaseOrThrow(failure);
      throw new AssertionError("unreachable");
    }
  }

  /** Under the lock, tears down whatever this store has mounted or open: filesystem, volume, remote. */
  void unmount() {
    session.cleanUpUnderLock();
  }
}
