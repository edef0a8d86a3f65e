package dev.mnemosyne.core;

import dev.mnemosyne.core.model.MnemosyneException;

/** Turns unexpected exceptions into mnemosyne's own, so that every failure reaches the caller typed. */
final class Failures {
  private Failures() {}

  static MnemosyneException asMnemosyne(RuntimeException e) {
    if (e instanceof MnemosyneException known) {
      return known;
    }
    return new MnemosyneException("unexpected error: " + e, e);
  }
}
