package dev.mnemosyne.testkit;

import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.RunLock;
import dev.mnemosyne.core.port.StoreLockedException;
import java.util.List;
import java.util.OptionalLong;

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
        throw new StoreLockedException(store, OptionalLong.of(ProcessHandle.current().pid()));
      }
      return new Held(store);
    });
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
