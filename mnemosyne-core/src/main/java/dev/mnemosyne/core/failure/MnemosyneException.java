package dev.mnemosyne.core.failure;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Base of every error mnemosyne reports. Messages are written for the person running the
 * backup: they say what failed and, where known, what to do. They never contain secrets.
 */
public class MnemosyneException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Null when no remedy is known; only {@link #remedy()} is seen outside. */
  private final Remedy remedy;

  public MnemosyneException(String message) {
    super(message);
    this.remedy = null;
  }

  /** A failure that {@code remedy} gets past; the message says what is wrong, the remedy what to do. */
  public MnemosyneException(String message, Remedy remedy) {
    super(message);
    this.remedy = requireNonNull(remedy, "remedy");
  }

  public MnemosyneException(String message, Throwable cause) {
    super(message, cause);
    this.remedy = null;
  }

  /** What the caller can do about it, where one thing is known to help. */
  public Optional<Remedy> remedy() {
    return Optional.ofNullable(remedy);
  }
}
