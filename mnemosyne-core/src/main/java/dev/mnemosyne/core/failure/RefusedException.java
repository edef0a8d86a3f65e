package dev.mnemosyne.core.failure;

/**
 * The store or key is not in the state the command needs (a key file that exists, a store
 * that exists or is missing, a filesystem that is not a mnemosyne store), so the command
 * refused to run and changed nothing.
 */
public class RefusedException extends MnemosyneException {
  private static final long serialVersionUID = 1L;

  public RefusedException(String message) {
    super(message);
  }

  /** A refusal that {@code remedy} gets past. */
  public RefusedException(String message, Remedy remedy) {
    super(message, remedy);
  }
}
