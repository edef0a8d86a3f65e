package dev.mnemosyne.core.failure;

import static java.util.Objects.requireNonNull;

/**
 * What kind of failure ended a run or a directory's backup, in one value whatever exception
 * carries it: what an embedding tool switches on to decide whether to retry, alert or wait.
 */
public enum FailureKind {
  /** The run was interrupted (a signal, a cancelled thread) and stopped after tearing down. */
  CANCELLED,
  /** A step did not finish in its time and was stopped. */
  TIMEOUT,
  /** The store or the remote under it is full. */
  NO_SPACE,
  /** The key file does not open the store. */
  WRONG_KEY,
  /** The store image holds no mnemosyne store. */
  NOT_A_STORE,
  /** A step failed: a command's non-zero exit, an I/O error. */
  STEP_FAILED,
  /** Another run holds the store or its image. */
  STORE_LOCKED,
  /** The command refused to act (the store is missing, a target is not empty …); nothing was changed. */
  REFUSED,
  /** The host is not ready: a tool, the key file or a source directory is missing or unsafe. */
  ENVIRONMENT_NOT_READY,
  /** The configuration cannot be used. */
  CONFIGURATION,
  /** The Java runtime failed (out of memory, a stack overflow) or something unexpected happened. */
  INTERNAL;

  /** The kind of {@code failure}. */
  public static FailureKind of(MnemosyneException failure) {
    requireNonNull(failure, "failure");
    if (failure instanceof StepFailedException step) {
      return switch (step.reason()) {
        case CANCELLED -> CANCELLED;
        case TIMEOUT -> TIMEOUT;
        case NO_SPACE -> NO_SPACE;
        case WRONG_KEY -> WRONG_KEY;
        case NOT_A_STORE -> NOT_A_STORE;
        case ERROR -> STEP_FAILED;
      };
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
    if (failure instanceof ConfigException) {
      return CONFIGURATION;
    }
    return INTERNAL;
  }
}
