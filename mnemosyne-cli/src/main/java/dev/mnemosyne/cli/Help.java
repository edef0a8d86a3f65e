package dev.mnemosyne.cli;

import java.util.List;

/** The text of {@code --help} and the one-line hint after a usage error. */
final class Help {
  static final String HINT = "Try 'mnemosyne --help' for more information.";

  private Help() {}

  static String text() {
    StringBuilder s = new StringBuilder();
    s.append("usage: mnemosyne ACTION [--config CONFIG] [--dry-run] [--json] [-v | -q]\n")
        .append("       mnemosyne --restore KEY[.STAGE][:PATH] --target DIR [--force] [--dry-run] [...]\n\n")
        .append("Encrypted, snapshotting backups of local directories to a NAS share, block device or\n")
        .append("directory (LUKS, btrfs, rsync).\n\n")
        .append("actions (exactly one):\n");
    for (Action action : Action.values()) {
      s.append(String.format("  %-26s %s%n", synopsis(action), action.description()));
    }
    s.append("\noptions:\n");
    for (OptionRow option : options()) {
      s.append(String.format("  %-26s %s%n", option.synopsis(), option.description()));
    }
    s.append("\nexit codes:\n");
    for (ExitCode code : ExitCode.values()) {
      s.append(String.format("  %-4d %s%n", code.code(), code.meaning()));
    }
    return s.toString();
  }

  /** How an action is written in the help: with its value, and {@code -h} beside {@code --help}. */
  static String synopsis(Action action) {
    return action == Action.HELP ? "-h, --help" : action == Action.RESTORE ? "--restore SPEC"
        : action == Action.EXPORT_RECOVERY_KIT ? "--export-recovery-kit DIR" : action.flag();
  }

  /** One row of the options table: how the option is written, and what it does. */
  record OptionRow(String synopsis, String description) {}

  /** The options, in the order the help lists them; the man page lists the same. */
  static List<OptionRow> options() {
    return List.of(
        new OptionRow("-c, --config CONFIG", "configuration file (default " + CommandLine.DEFAULT_CONFIG + ")"),
        new OptionRow("--dry-run", "print the steps and commands it would run; change nothing"),
        new OptionRow("--json", "print one JSON report of the run on stdout"),
        new OptionRow("-v, --verbose", "debug logs, every command as it runs, stack traces"),
        new OptionRow("-q, --quiet", "errors and warnings only"),
        new OptionRow("--target DIR", "--restore: the directory to restore into (made if missing)"),
        new OptionRow("--force", "--restore: restore into a non-empty directory or the source directory"),
        new OptionRow("--detach", "--mount: leave the store mounted and return"),
        new OptionRow("--scrub-timeout MIN", "--verify: stop the scrub after MIN minutes (default "
            + StoreActions.DEFAULT_SCRUB_TIMEOUT.toMinutes() + ")"),
        new OptionRow("--sample N | --all", "--verify: compare N files per key (default "
            + StoreActions.DEFAULT_SAMPLE + ") or all"),
        new OptionRow("--max-age HOURS", "--status: the age a backup may have (default twice strategy.rotate,"
            + " at least 48)"),
        new OptionRow("--metrics-file FILE.prom", "write Prometheus metrics after a command that uses the store"));
  }
}
