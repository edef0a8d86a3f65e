package dev.mnemosyne.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;

/**
 * A failure that {@link Faults} makes a fake port call report, as the real adapter would:
 * a {@link StepFailedException} with the operation's step and {@code reason}. By default the
 * call fails before it has any effect; {@link #afterTheEffect()} lets it take effect first
 * (a rename that happened, reported as failed), and {@link #partWay(double)} makes a transfer
 * copy part of the files first. {@link #incompleteTransfer(double)} makes a transfer end
 * normally but report a partial copy, as rsync does when some files could not be read.
 *
 * @param reason the reason the failure reports
 * @param timing when, relative to the call's effect, it fails
 * @param fractionDone for part-way and incomplete transfers, the share of files copied first (0 to 1)
 */
public record Fault(Reason reason, Timing timing, double fractionDone) {

  /** When the fault strikes. */
  public enum Timing {
    /** Before the call has any effect. */
    BEFORE,
    /** After the call took its full effect. */
    AFTER,
    /** Transfers: after copying {@code fractionDone} of the files; other calls fail before their effect. */
    PART_WAY,
    /**
     * Transfers: no exception; the transfer copies {@code fractionDone} of the files and reports
     * a partial copy. Other calls fail before their effect.
     */
    INCOMPLETE_RESULT
  }

  public Fault {
    requireNonNull(reason, "reason");
    requireNonNull(timing, "timing");
    checkArgument(
        fractionDone >= 0 && fractionDone <= 1, "fraction done (%s) must be 0 to 1", fractionDone);
  }

  /** An I/O error or a command's non-zero exit. */
  public static Fault error() {
    return of(Reason.ERROR);
  }

  /** The operation ran out of time and was stopped. */
  public static Fault timeout() {
    return of(Reason.TIMEOUT);
  }

  /** The run was interrupted during the operation. */
  public static Fault cancelled() {
    return of(Reason.CANCELLED);
  }

  /** The store or remote is full. */
  public static Fault noSpace() {
    return of(Reason.NO_SPACE);
  }

  /** A failure for {@code reason}, before the call has any effect. */
  public static Fault of(Reason reason) {
    return new Fault(reason, Timing.BEFORE, 0);
  }

  /** A transfer that copies {@code fractionDone} of the files and then fails with an error. */
  public static Fault partWay(double fractionDone) {
    return new Fault(Reason.ERROR, Timing.PART_WAY, fractionDone);
  }

  /** A transfer that copies {@code fractionDone} of the files and then reports that its copy is partial. */
  public static Fault incompleteTransfer(double fractionDone) {
    return new Fault(Reason.ERROR, Timing.INCOMPLETE_RESULT, fractionDone);
  }

  /** This fault, striking after the call took its effect. */
  public Fault afterTheEffect() {
    return new Fault(reason, Timing.AFTER, fractionDone);
  }

  /** The same fault with another reason. */
  public Fault withReason(Reason newReason) {
    return new Fault(newReason, timing, fractionDone);
  }

  StepFailedException exception(Operation operation, int call) {
    return new StepFailedException(
        operation.step(),
        reason,
        "injected " + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " ("
            + operation + (call > 0 ? ", call " + call : ", part-way") + ")");
  }
}
