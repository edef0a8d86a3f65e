package dev.mnemosyne.cli;

import java.io.PrintStream;

/**
 * Where the command's words go. Results go to stdout (unless the run reports JSON there);
 * everything else goes to stderr, filtered by the verbosity. On a terminal one line is kept
 * for live progress and overwritten in place.
 */
final class Console {
  private static final String CLEAR_LINE = "\r\033[K";

  private final PrintStream out;
  private final PrintStream err;
  private final Verbosity verbosity;
  private final boolean json;
  private final boolean terminal;
  private final boolean unicode;
  private boolean progressShown;

  Console(
      PrintStream out,
      PrintStream err,
      Verbosity verbosity,
      boolean json,
      boolean terminal,
      boolean unicode) {
    this.out = out;
    this.err = err;
    this.verbosity = verbosity;
    this.json = json;
    this.terminal = terminal;
    this.unicode = unicode;
  }

  boolean verbose() {
    return verbosity == Verbosity.VERBOSE;
  }

  boolean json() {
    return json;
  }

  boolean terminal() {
    return terminal;
  }

  /** A result of the command, for stdout; left out when stdout carries the JSON report. */
  synchronized void result(String line) {
    if (!json) {
      clearProgress();
      out.println(line);
    }
  }

  /** Something the user may want to know: what was done, where things are. */
  synchronized void info(String line) {
    if (verbosity != Verbosity.QUIET) {
      say(line);
    }
  }

  /** Details for the curious: steps, commands, debug output. */
  synchronized void debug(String line) {
    if (verbosity == Verbosity.VERBOSE) {
      say(line);
    }
  }

  synchronized void warn(String line) {
    say("warning: " + line);
  }

  synchronized void error(String line) {
    say("mnemosyne: " + line);
  }

  /** A further line of an error, indented under it. */
  synchronized void errorDetail(String line) {
    say("  " + line);
  }

  /** Replaces the live progress line; only on a terminal, and not when quiet. */
  synchronized void progress(String line) {
    if (terminal && verbosity != Verbosity.QUIET) {
      err.print(CLEAR_LINE + line);
      err.flush();
      progressShown = true;
    }
  }

  synchronized void clearProgress() {
    if (progressShown) {
      err.print(CLEAR_LINE);
      err.flush();
      progressShown = false;
    }
  }

  synchronized void stackTrace(Throwable e) {
    clearProgress();
    e.printStackTrace(err);
  }

  /** The mark of a passed or failed check. */
  String mark(boolean passed) {
    if (unicode) {
      return passed ? "✓" : "✗";
    }
    return passed ? "[ok]" : "[FAILED]";
  }

  private void say(String line) {
    clearProgress();
    err.println(line);
  }
}
