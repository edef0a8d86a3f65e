package dev.mnemosyne.core;

import dev.mnemosyne.core.model.MnemosyneException;
import dev.mnemosyne.core.port.Handle;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a run has acquired, released in reverse order. Release runs to the end even when one
 * handle fails to close, and even when the thread was interrupted (the interrupt is kept for
 * the caller); the first error is the one reported, later ones are attached as suppressed.
 */
final class Resources {
  private final Deque<Handle> handles = new ArrayDeque<>();

  /**
   * Runs {@code work} with fresh resources and releases them on every path: a failure of the
   * work is thrown (as a {@link MnemosyneException}) with the teardown's failures attached as
   * suppressed; without one, the first teardown failure is thrown.
   */
  static <T> T supply(Function<Resources, T> work) {
    Resources resources = new Resources();
    Optional<MnemosyneException> failure = Optional.empty();
    T result = null;
    try {
      result = work.apply(resources);
    } catch (RuntimeException | Error e) {
      failure = Optional.of(Failures.asMnemosyne(e));
    }
    resources.releaseOrThrow(failure);
    return result;
  }

  /** As {@link #supply}, for work that returns nothing. */
  static void run(Consumer<Resources> work) {
    supply(resources -> {
      work.accept(resources);
      return Boolean.TRUE;
    });
  }

  /** Whether nothing is held. */
  boolean isEmpty() {
    return handles.isEmpty();
  }

  <H extends Handle> H add(H handle) {
    handles.push(handle);
    return handle;
  }

  /**
   * Releases everything and returns the error to report: {@code failure} if there was one
   * (with teardown errors attached as suppressed), else the first teardown error.
   */
  Optional<MnemosyneException> release(Optional<MnemosyneException> failure) {
    boolean interrupted = Thread.interrupted();
    MnemosyneException first = failure.orElse(null);
    try {
      while (!handles.isEmpty()) {
        Handle handle = handles.pop();
        try {
          handle.close();
        } catch (RuntimeException | Error e) {
          MnemosyneException error = Failures.asMnemosyne(e);
          if (first == null) {
            first = error;
          } else {
            first.addSuppressed(error);
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return Optional.ofNullable(first);
  }

  /** Releases everything; throws the first error if {@code failure} is empty and a release fails. */
  void releaseOrThrow(Optional<MnemosyneException> failure) {
    Optional<MnemosyneException> error = release(failure);
    if (error.isPresent()) {
      throw error.get();
    }
  }
}
