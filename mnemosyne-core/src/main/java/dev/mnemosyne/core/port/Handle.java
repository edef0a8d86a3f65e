package dev.mnemosyne.core.port;

import dev.mnemosyne.core.failure.StepFailedException;

/**
 * Something a port acquired (a mount, an open volume) that {@link #close()} releases.
 * Closing twice is harmless; a failed release throws {@link StepFailedException}.
 */
public interface Handle extends AutoCloseable {
  @Override
  void close();
}
