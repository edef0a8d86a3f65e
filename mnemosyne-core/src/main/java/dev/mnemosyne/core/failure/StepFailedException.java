package dev.mnemosyne.core.failure;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.Step;

/**
 * A step of a run failed. Every port reports its failures this way, so that whoever ran
 * the step can say which one failed and why; the message never contains secrets.
 */
public class StepFailedException extends MnemosyneException {
  private static final long serialVersionUID = 1L;

  /** Why the step failed, as far as callers act differently on it. */
  public enum Reason {
    /** The operation itself failed (a command's non-zero exit, an I/O error). */
    ERROR,
    /** The operation did not finish in its time and was stopped. */
    TIMEOUT,
    /** The run was interrupted (a signal, a cancelled thread) and the operation stopped. */
    CANCELLED,
    /** The store or the remote has no space left. */
    NO_SPACE,
    /** The key file does not open the store. */
    WRONG_KEY,
    /** What the store image holds is not a mnemosyne store (e.g. no LUKS header where one belongs). */
    NOT_A_STORE
  }

  private final Step step;
  private final Reason reason;
  private final String detail;

  public StepFailedException(Step step, Reason reason, String message) {
    super(message(step, message));
    this.step = requireNonNull(step, "step");
    this.reason = requireNonNull(reason, "reason");
    this.detail = message;
  }

  public StepFailedException(Step step, Reason reason, String message, Throwable cause) {
    super(message(step, message), cause);
    this.step = requireNonNull(step, "step");
    this.reason = requireNonNull(reason, "reason");
    this.detail = message;
  }

  public StepFailedException(Step step, String message) {
    this(step, Reason.ERROR, message);
  }

  public StepFailedException(Step step, String message, Throwable cause) {
    this(step, Reason.ERROR, message, cause);
  }

  private static String message(Step step, String message) {
    return "could not " + step.description() + ": " + message;
  }

  public Step step() {
    return step;
  }

  public Reason reason() {
    return reason;
  }

  /** What went wrong, without the step's "could not …" that {@link #getMessage()} starts with. */
  public String detail() {
    return detail;
  }
}
