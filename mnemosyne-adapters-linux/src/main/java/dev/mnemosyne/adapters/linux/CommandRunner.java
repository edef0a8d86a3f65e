package dev.mnemosyne.adapters.linux;

import dev.mnemosyne.core.port.StepFailedException;
import dev.mnemosyne.core.port.StepFailedException.Reason;

/**
 * Runs commands. Every adapter runs its programs through one; the real one starts processes,
 * the dry-run one only prints them, and tests script one.
 */
interface CommandRunner {

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
      throw failure(command, result, Reason.ERROR);
    }
    return result;
  }

  /** The error for a command that exited with a non-zero code. */
  static StepFailedException failure(Command command, CommandResult result, Reason reason) {
    return new StepFailedException(command.step(), reason,
        command.commandLine() + " exited with " + result.exitCode() + ": " + result.errorText());
  }
}
