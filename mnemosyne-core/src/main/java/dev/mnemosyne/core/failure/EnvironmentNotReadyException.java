package dev.mnemosyne.core.failure;

/**
 * The host is not ready for the command (a key file missing or readable by others, a source
 * directory missing); nothing was touched.
 */
public class EnvironmentNotReadyException extends MnemosyneException {
  private static final long serialVersionUID = 1L;

  public EnvironmentNotReadyException(String message) {
    super(message);
  }

  /** A host problem that {@code remedy} gets past. */
  public EnvironmentNotReadyException(String message, Remedy remedy) {
    super(message, remedy);
  }
}
