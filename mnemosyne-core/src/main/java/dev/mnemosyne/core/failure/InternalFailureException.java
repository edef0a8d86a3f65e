package dev.mnemosyne.core.failure;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The Java runtime itself failed during a command (it ran out of memory, a stack overflowed,
 * or another {@link Error}); the command stopped and tore down what it had opened, as after
 * any other failure, and reports it as this.
 */
public final class InternalFailureException extends MnemosyneException {
  private static final long serialVersionUID = 1L;

  /** What kind of internal failure it was. */
  public enum Kind {
    OUT_OF_MEMORY("out of memory"),
    STACK_OVERFLOW("stack overflow"),
    INTERNAL_ERROR("internal error");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    /** A few words for people, e.g. {@code out of memory}. */
    public String description() {
      return description;
    }
  }

  private final Kind kind;

  private InternalFailureException(Kind kind, String message, Error cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** The failure {@code error} stands for, with a message saying what happened and what to do. */
  public static InternalFailureException of(Error error) {
    requireNonNull(error, "error");
    if (error instanceof OutOfMemoryError) {
      return new InternalFailureException(
          Kind.OUT_OF_MEMORY,
          "out of memory (" + error.getMessage() + "); the run"
              + " stopped and everything it had opened was released; give the JVM more heap, e.g."
              + " MNEMOSYNE_JAVA_OPTS=-Xmx256m",
          error);
    }
    if (error instanceof StackOverflowError) {
      return new InternalFailureException(
          Kind.STACK_OVERFLOW,
          "stack overflow; the run stopped and everything it" + " had opened was released",
          error);
    }
    return new InternalFailureException(
        Kind.INTERNAL_ERROR,
        "internal error: "
            + error.getClass().getSimpleName().toLowerCase(Locale.ROOT)
            + "; the run stopped and everything it had"
            + " opened was released",
        error);
  }

  public Kind kind() {
    return kind;
  }
}
