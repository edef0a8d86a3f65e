package dev.mnemosyne.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One port call a fake answered: its place in the {@link Journal} (from 1), what was called
 * with which arguments (paths, names, store ids; never secrets), and how it ended.
 */
public record Interaction(
    int sequence,
    Operation operation,
    List<String> arguments,
    Outcome outcome,
    Optional<String> failure) {

  /** How a call ended. */
  public enum Outcome {
    SUCCEEDED,
    FAILED
  }

  public Interaction {
    checkArgument(sequence >= 1, "sequence (%s) must be positive", sequence);
    requireNonNull(operation, "operation");
    arguments = List.copyOf(arguments);
    requireNonNull(outcome, "outcome");
    requireNonNull(failure, "failure");
    checkArgument(
        failure.isPresent() == (outcome == Outcome.FAILED),
        "a failed call, and only one, has a failure");
  }

  public boolean failed() {
    return outcome == Outcome.FAILED;
  }

  @Override
  public String toString() {
    return sequence + " " + operation + " " + arguments
        + (failed() ? " FAILED: " + failure.get() : "");
  }
}
