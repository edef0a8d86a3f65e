package dev.mnemosyne.core.model;

/**
 * Base of every error mnemosyne reports. Messages are written for the person running the
 * backup: they say what failed and, where known, what to do. They never contain secrets.
 */
public class MnemosyneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MnemosyneException(String message) {
    super(message);
  }

  public MnemosyneException(String message, Throwable cause) {
    super(message, cause);
  }
}
