package dev.mnemosyne.core.port;

/**
 * Something a port acquired (a mount, an open volume) that {@link #close()} releases.
 * Closing twice is harmless; a failed release throws {@link StepFailedException}.
 */
public interface Handle extends AutoCloseable {
  @Override
  void close();
}
