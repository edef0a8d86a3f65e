package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.InternalFailureException;
import dev.mnemosyne.core.failure.MnemosyneException;

/** Turns unexpected exceptions into mnemosyne's own, so that every failure reaches the caller typed. */
final class Failures {
  private Failures() {}

  static MnemosyneException asMnemosyne(RuntimeException e) {
    if (e instanceof MnemosyneException known) {
      return known;
    }
    return new MnemosyneException("unexpected error: " + e, e);
  }

  /**
   * As {@link #asMnemosyne(RuntimeException)}, for anything thrown: an {@link Error} (out of
   * memory, a stack overflow) becomes an {@link InternalFailureException}, after giving the
   * {@link HeapReserve} back so that the teardown that follows has heap to run in.
   */
  static MnemosyneException asMnemosyne(Throwable e) {
    if (e instanceof Error error) {
      if (error instanceof OutOfMemoryError) {
        HeapReserve.release();
      }
      return InternalFailureException.of(error);
    }
    if (e instanceof RuntimeException runtime) {
      return asMnemosyne(runtime);
    }
    return new MnemosyneException("unexpected error: " + e, e);
  }
}
