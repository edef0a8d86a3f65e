package dev.mnemosyne.cli;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.Step;

/** The process's exit status. The numbers are part of the interface: scripts and timers act on them. */
enum ExitCode {
  SUCCESS(0, "success"),
  FAILURE(1, "failure (a step failed, or the JVM ran out of memory; torn down either way)"),
  USAGE_ERROR(2, "usage error: unknown option, no action or more than one"),
  WARNINGS(3, "finished with warnings (e.g. files vanished while being copied)"),
  CONFIG_ERROR(4, "configuration error"),
  ENVIRONMENT_NOT_READY(
      5,
      "environment not ready (failed check, key file missing or insecure or wrong,"
          + " source directory missing)"),
  STORE_LOCKED(6, "store locked by another run, or its image open under another configuration"),
  REFUSED(
      7,
      "refused: key file or store exists already, store missing, not a mnemosyne store, restore"
          + " path or target refused, store.size smaller than the store"),
  NO_SPACE(8, "store or remote full"),
  BACKUP_TOO_OLD(
      9,
      "--status: a key's last successful backup is older than --max-age, none is recorded, or"
          + " it is recorded in the future (a wrong clock)"),
  HOOK_FAILED(
      10, "the before hook failed, ran out of time or could not start; the backup did not run"),
  HANGUP(129, "hung up by SIGHUP (a closed terminal), after tearing down"),
  INTERRUPTED(130, "interrupted by SIGINT (Ctrl-C), after tearing down"),
  TERMINATED(143, "terminated by SIGTERM, after tearing down");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  int code() {
    return code;
  }

  String meaning() {
    return meaning;
  }

  /** The exit status for a run that ended with {@code failure}. */
  static ExitCode forFailure(Throwable failure) {
    if (failure instanceof ConfigException) {
      return CONFIG_ERROR;
    }
    if (failure instanceof StoreLockedException) {
      return STORE_LOCKED;
    }
    if (failure instanceof RefusedException) {
      return REFUSED;
    }
    if (failure instanceof EnvironmentNotReadyException) {
      return ENVIRONMENT_NOT_READY;
    }
    if (failure instanceof StepFailedException step) {
      if (step.step() == Step.RUN_BEFORE_HOOK
          && step.reason() != StepFailedException.Reason.CANCELLED) {
        return HOOK_FAILED;
      }
      switch (step.reason()) {
        case WRONG_KEY:
          return ENVIRONMENT_NOT_READY;
        case NO_SPACE:
          return NO_SPACE;
        case NOT_A_STORE:
          return REFUSED;
        case CANCELLED:
          return INTERRUPTED;
        default:
          return FAILURE;
      }
    }
    return FAILURE;
  }

  /**
   * The exit status of a backup that ended with {@code report}, leaving aside a signal that
   * stopped it (which decides instead): 0, 3, or the failure's code.
   */
  static ExitCode forBackup(BackupReport report) {
    return switch (report.outcome()) {
      case SUCCESS -> SUCCESS;
      case WARNINGS -> WARNINGS;
      case FAILED -> report.failure().map(ExitCode::forFailure).orElse(FAILURE);
    };
  }
}
