package dev.mnemosyne.adapters.linux;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;

/**
 * Runs commands. Every adapter runs its programs through one; the real one starts processes,
 * the dry-run one only prints them, and tests script one.
 */
interface CommandRunner {
  /** How the kernel's ENOSPC reads in a command's error output or an exception's message. */
  String NO_SPACE = "No space left on device";

  /**
   * Runs {@code command} to its end and returns how it ended, whatever its exit code.
   *
   * @throws StepFailedException when it cannot be started (reason {@code ERROR}), runs out of
   *     time ({@code TIMEOUT}) or the waiting thread is interrupted ({@code CANCELLED})
   */
  CommandResult run(Command command);

  /** Runs {@code command} and fails with its error output unless it exits with 0. */
  default CommandResult runChecked(Command command) {
    CommandResult result = run(command);
    if (!result.succeeded()) {
      // A snapshot or subvolume that cannot be made on a full store is a full store, not a bug.
      throw failure(
          command, result, result.errorText().contains(NO_SPACE) ? Reason.NO_SPACE : Reason.ERROR);
    }
    return result;
  }

  /** The error for a command that exited with a non-zero code. */
  static StepFailedException failure(Command command, CommandResult result, Reason reason) {
    return new StepFailedException(
        command.step(),
        reason,
        command.commandLine() + " exited with " + result.exitCode() + ": " + result.errorText());
  }
}
