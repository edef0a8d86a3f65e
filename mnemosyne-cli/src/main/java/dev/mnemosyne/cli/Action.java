package dev.mnemosyne.cli;

/** What one call of the command does; exactly one is chosen per call. */
enum Action {
  INIT_KEY("--init-key", "create the store's key file (256 random bits, mode 0600)"),
  INIT_STORE("--init-store", "create the encrypted store image on the remote"),
  BACKUP("--backup", "run a backup: rotate the stages when due, then copy every directory"),
  MOUNT("--mount", "mount the store until Ctrl-C or SIGTERM (with --detach: until --unmount)"),
  UNMOUNT("--unmount", "tear down what the store has mounted or open (after --detach or a crash)"),
  LIST("--list", "list every key's stages: when each became history, the last sync, sizes"),
  RESTORE(
      "--restore", "copy KEY[.STAGE][:PATH] from the store into --target DIR (stage 0 by default)"),
  EXPORT_RECOVERY_KIT(
      "--export-recovery-kit", "write key, LUKS header backup, config and RECOVERY.md to DIR"),
  STATUS("--status", "when each key's last backup finished, without mounting; exit 9 if too old"),
  VERIFY("--verify", "scrub the store and compare a sample of the live stages with their sources"),
  GROW_STORE("--grow-store", "grow the store to the store.size the configuration now gives"),
  CHANGE_KEY(
      "--change-key", "replace the store's key: a new store.keyfile, the old key's slot removed"),
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
