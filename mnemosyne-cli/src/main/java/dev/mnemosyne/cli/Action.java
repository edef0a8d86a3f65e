package dev.mnemosyne.cli;

/** What one call of the command does; exactly one is chosen per call. */
enum Action {
  INIT_KEY("--init-key", "create the store's key file (256 random bits, mode 0600)"),
  INIT_STORE("--init-store", "create the encrypted store image on the remote"),
  BACKUP("--backup", "run a backup: rotate the stages when due, then copy every directory"),
  MOUNT("--mount", "mount the store and keep it mounted until Ctrl-C or SIGTERM"),
  VERIFY_ENVIRONMENT("--verify-environment", "check that this host can run the backups"),
  CHECK_CONFIG("--check-config", "validate the configuration and print it, secrets redacted"),
  VERSION("--version", "print the version"),
  HELP("--help", "print this help");

  private final String flag;
  private final String description;

  Action(String flag, String description) {
    this.flag = flag;
    this.description = description;
  }

  String flag() {
    return flag;
  }

  String description() {
    return description;
  }

  /** The name used in reports: {@code backup}, {@code init-key}, … */
  String command() {
    return flag.substring(2);
  }

  /** Whether the action reads the configuration file. */
  boolean needsConfig() {
    return this != VERSION && this != HELP;
  }
}
