package dev.mnemosyne.testkit;

import dev.mnemosyne.core.port.Handle;
import java.util.ArrayDeque;
import java.util.Deque;

/** The handles a contract test opened, closed in reverse order after the test even when it failed. */
final class HandleTracker {
  private final Deque<Handle> handles = new ArrayDeque<>();

  <H extends Handle> H track(H handle) {
    handles.push(handle);
    return handle;
  }

  /** Forgets a handle that the test abandoned on purpose (as a crashed run would) and released otherwise. */
  void forget(Handle handle) {
    handles.remove(handle);
  }

  /** Closes every handle; returns the first failure (the others are suppressed into it), or null. */
  RuntimeException closeAll() {
    RuntimeException first = null;
    while (!handles.isEmpty()) {
      try {
        handles.pop().close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    return first;
  }
}
