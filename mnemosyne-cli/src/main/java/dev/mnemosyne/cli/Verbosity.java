package dev.mnemosyne.cli;

/** How much the command says on stderr. */
enum Verbosity {
  /** Errors and warnings only. */
  QUIET,
  /** Also progress and what was done. */
  NORMAL,
  /** Also every step, every command as it runs, debug logs and stack traces. */
  VERBOSE
}
