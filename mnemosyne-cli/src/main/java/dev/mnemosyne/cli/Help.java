package dev.mnemosyne.cli;

/** The text of {@code --help} and the one-line hint after a usage error. */
final class Help {
  static final String HINT = "Try 'mnemosyne --help' for more information.";

  private Help() {}

  static String text() {
    StringBuilder s = new StringBuilder();
    s.append("usage: mnemosyne ACTION [--config CONFIG] [--dry-run] [--json] [-v | -q]\n\n")
        .append("Encrypted, snapshotting backups of local directories to a NAS share, block device or\n")
        .append("directory (LUKS, btrfs, rsync).\n\n")
        .append("actions (exactly one):\n");
    for (Action action : Action.values()) {
      String flag = action == Action.HELP ? "-h, --help" : action.flag();
      s.append(String.format("  %-22s %s%n", flag, action.description()));
    }
    s.append("\noptions:\n")
        .append(String.format("  %-22s %s%n", "-c, --config CONFIG", "configuration file (default "
            + CommandLine.DEFAULT_CONFIG + ")"))
        .append(String.format("  %-22s %s%n", "--dry-run", "print the steps and commands it would run; change nothing"))
        .append(String.format("  %-22s %s%n", "--json", "print one JSON report of the run on stdout"))
        .append(String.format("  %-22s %s%n", "-v, --verbose", "debug logs, every command as it runs, stack traces"))
        .append(String.format("  %-22s %s%n", "-q, --quiet", "errors and warnings only"))
        .append("\nexit codes:\n");
    for (ExitCode code : ExitCode.values()) {
      s.append(String.format("  %-4d %s%n", code.code(), code.meaning()));
    }
    return s.toString();
  }
}
