package dev.mnemosyne.cli;

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
      String flag = action == Action.HELP ? "-h, --help" : action == Action.RESTORE ? "--restore SPEC"
          : action == Action.EXPORT_RECOVERY_KIT ? "--export-recovery-kit DIR" : action.flag();
      s.append(String.format("  %-26s %s%n", flag, action.description()));
    }
    s.append("\noptions:\n")
        .append(String.format("  %-26s %s%n", "-c, --config CONFIG", "configuration file (default "
            + CommandLine.DEFAULT_CONFIG + ")"))
        .append(String.format("  %-26s %s%n", "--dry-run", "print the steps and commands it would run; change nothing"))
        .append(String.format("  %-26s %s%n", "--json", "print one JSON report of the run on stdout"))
        .append(String.format("  %-26s %s%n", "-v, --verbose", "debug logs, every command as it runs, stack traces"))
        .append(String.format("  %-26s %s%n", "-q, --quiet", "errors and warnings only"))
        .append(String.format("  %-26s %s%n", "--target DIR", "--restore: the directory to restore into (made if"
            + " missing)"))
        .append(String.format("  %-26s %s%n", "--force", "--restore: restore into a non-empty directory or the"
            + " source directory"))
        .append(String.format("  %-26s %s%n", "--detach", "--mount: leave the store mounted and return"))
        .append(String.format("  %-26s %s%n", "--scrub-timeout MIN", "--verify: stop the scrub after MIN minutes"
            + " (default " + StoreActions.DEFAULT_SCRUB_TIMEOUT.toMinutes() + ")"))
        .append(String.format("  %-26s %s%n", "--sample N | --all", "--verify: compare N files per key (default "
            + StoreActions.DEFAULT_SAMPLE + ") or all"))
        .append(String.format("  %-26s %s%n", "--max-age HOURS", "--status: the age a backup may have (default"
            + " twice strategy.rotate, at least 48)"))
        .append(String.format("  %-26s %s%n", "--metrics-file FILE.prom", "write Prometheus metrics after a command"
            + " that uses the store"))
        .append("\nexit codes:\n");
    for (ExitCode code : ExitCode.values()) {
      s.append(String.format("  %-4d %s%n", code.code(), code.meaning()));
    }
    return s.toString();
  }
}
