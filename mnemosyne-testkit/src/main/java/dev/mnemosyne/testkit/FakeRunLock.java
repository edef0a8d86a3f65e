package dev.mnemosyne.testkit;

import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link RunLock} held in memory: a second holder of a store's lock gets {@link StoreLockedException}. */
public final class FakeRunLock implements RunLock {
  private final FakeWorld world;

  FakeRunLock(FakeWorld world) {
    this.world = world;
  }

  /** Whether someone holds {@code store}'s lock. */
  public boolean isHeld(StoreId store) {
    synchronized (world) {
      return world.locks.contains(store);
    }
  }

  @Override
  public Handle acquire(StoreId store) {
    return world.call(Operation.LOCK_ACQUIRE, List.of(store.value()), fault -> {
      if (!world.locks.add(store)) {
        throw new StoreLockedException(
            store, OptionalLong.of(ProcessHandle.current().pid()));
      }
      return new Held(store);
    });
  }

  /**
   * Locks the image by what the file is (its file key: device and inode), as the real lock does,
   * so that a remote reached through a symbolic link is the same image.
   */
  @Override
  public Handle acquireImage(StoreId store, Path image) {
    return world.call(Operation.LOCK_ACQUIRE, List.of(store.value(), image.toString()), fault -> {
      Object key = fileKey(image);
      Optional<StoreId> holder = Optional.ofNullable(world.imageLocks.putIfAbsent(key, store));
      if (holder.isPresent()) {
        throw new StoreLockedException(
            "the store image " + image + " is in use by another mnemosyne run (pid "
                + ProcessHandle.current().pid() + ", store " + holder.get() + ")",
            OptionalLong.of(ProcessHandle.current().pid()));
      }
      AtomicBoolean released = new AtomicBoolean();
      return (Handle) () -> {
        synchronized (world) {
          if (released.getAndSet(true)) {
            return;
          }
          world.run(
              Operation.LOCK_RELEASE,
              List.of(store.value(), image.toString()),
              () -> world.imageLocks.remove(key, store));
        }
      };
    });
  }

  private static Object fileKey(Path image) {
    try {
      Object key = Files.readAttributes(image, BasicFileAttributes.class).fileKey();
      return key != null ? key : image.toRealPath();
    } catch (IOException e) {
      return image.toAbsolutePath().normalize();
    }
  }

  private final class Held implements Handle {
    private final StoreId store;
    private boolean released;

    Held(StoreId store) {
      this.store = store;
    }

    @Override
    public void close() {
      synchronized (world) {
        if (released) {
          return;
        }
        world.run(Operation.LOCK_RELEASE, List.of(store.value()), () -> world.locks.remove(store));
        released = true;
      }
    }
  }
}
