package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a command ended: its exit code and the last lines it printed on each stream (a bounded
 * tail, for error messages; every line went to the command's consumers as it came).
 */
record CommandResult(int exitCode, List<String> stdoutTail, List<String> stderrTail) {
  CommandResult {
    stdoutTail = List.copyOf(requireNonNull(stdoutTail, "stdoutTail"));
    stderrTail = List.copyOf(requireNonNull(stderrTail, "stderrTail"));
  }

  static CommandResult success(String... stdout) {
    return new CommandResult(0, List.of(stdout), List.of());
  }

  boolean succeeded() {
    return exitCode == 0;
  }

  /** What the command said about its failure: its error output, else its last output. */
  String errorText() {
    List<String> lines = stderrTail.isEmpty() ? stdoutTail : stderrTail;
    return lines.isEmpty() ? "(no output)" : String.join("\n", lines);
  }
}
