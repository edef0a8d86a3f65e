package dev.mnemosyne.cli;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The text of {@code --help}, made from the {@link Option} table, and the one-line hint after a usage error. */
final class Help {
  static final String HINT = "Try 'mnemosyne --help' for more information.";

  private Help() {}

  static String text() {
    StringBuilder s = new StringBuilder();
    s.append("usage: mnemosyne ACTION [--config CONFIG] [--dry-run] [--json] [-v | -q]\n")
        .append(
            "       mnemosyne --restore KEY[.STAGE][:PATH] --target DIR [--force] [--dry-run] [...]\n\n")
        .append(
            "Encrypted, snapshotting backups of local directories to a NAS share, block device or\n")
        .append("directory (LUKS, btrfs, rsync).\n\n")
        .append("actions (exactly one):\n");
    for (Option option : actions()) {
      s.append(String.format("  %-26s %s%n", option.synopsis(), option.description()));
    }
    s.append("\noptions:\n");
    for (Option option : options()) {
      s.append(String.format("  %-26s %s%n", option.synopsis(), option.description()));
    }
    s.append("\nexit codes:\n");
    for (ExitCode code : ExitCode.values()) {
      s.append(String.format("  %-4d %s%n", code.code(), code.meaning()));
    }
    return s.toString();
  }

  /** The options that choose an action, in the table's order. */
  static List<Option> actions() {
    return Arrays.stream(Option.values())
        .filter(o -> o.action().isPresent())
        .collect(Collectors.toList());
  }

  /** The options that change how the action runs, in the table's order; the man page lists the same. */
  static List<Option> options() {
    return Arrays.stream(Option.values())
        .filter(o -> o.action().isEmpty())
        .collect(Collectors.toList());
  }
}
