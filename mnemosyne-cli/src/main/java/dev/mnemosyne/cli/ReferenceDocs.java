package dev.mnemosyne.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the man page {@code mnemosyne(1)} and the bash completion from the command's own
 * tables ({@link Option}, {@link ExitCode}), so that they say what {@code --help} says and name
 * what the parser accepts. The package build runs it; a test compares
 * the committed {@code packaging/man/mnemosyne.1} and {@code packaging/completion/mnemosyne.bash}
 * with what it makes.
 *
 * <pre>{@code java -cp mnemosyne.jar dev.mnemosyne.cli.ReferenceDocs MAN_PAGE COMPLETION}</pre>
 */
final class ReferenceDocs {
  /** Options whose value is a file or directory: the completion offers file names after them. */
  static List<String> pathOptions() {
    return Arrays.stream(Option.values())
        .filter(o -> o.value().filter(Option.Value::isPath).isPresent())
        .flatMap(o -> Stream.concat(o.shortName().stream(), Stream.of(o.longName())))
        .collect(Collectors.toList());
  }

  private ReferenceDocs() {}

  /** Writes the man page to {@code args[0]} and the completion to {@code args[1]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ReferenceDocs MAN_PAGE COMPLETION");
      System.exit(ExitCode.USAGE_ERROR.code());
    }
    Files.writeString(Path.of(args[0]), manPage(), StandardCharsets.UTF_8);
    Files.writeString(Path.of(args[1]), completion(), StandardCharsets.UTF_8);
  }

  /** The bash completion script. */
  static String completion() {
    List<String> valueWithoutPath = Arrays.stream(Option.values())
        .filter(o -> o.value().filter(value -> !value.isPath()).isPresent())
        .map(Option::longName)
        .toList();
    return "# bash completion for mnemosyne\n"
        + "# Generated from the command's option tables by ReferenceDocs; do not edit.\n"
        + "_mnemosyne() {\n"
        + "  local cur prev\n"
        + "  cur=${COMP_WORDS[COMP_CWORD]}\n"
        + "  prev=${COMP_WORDS[COMP_CWORD-1]}\n"
        + "  case $prev in\n"
        + "    " + String.join("|", pathOptions()) + ")\n"
        + "      COMPREPLY=($(compgen -f -- \"$cur\"))\n"
        + "      compopt -o filenames 2>/dev/null\n"
        + "      return 0\n"
        + "      ;;\n"
        + "    " + String.join("|", valueWithoutPath) + ")\n"
        + "      COMPREPLY=()\n"
        + "      return 0\n"
        + "      ;;\n"
        + "  esac\n"
        + "  local opts=\"" + String.join(" ", Option.names()) + "\"\n"
        + "  COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
        + "}\n"
        + "complete -F _mnemosyne mnemosyne\n";
  }

  /** The man page, in roff. */
  static String manPage() {
    StringBuilder s = new StringBuilder();
    s.append(".\\\" Generated from the command's option tables by ReferenceDocs; do not edit.\n")
        .append(".TH MNEMOSYNE 1 \"\" \"mnemosyne\" \"User Commands\"\n")
        .append(".SH NAME\n")
        .append(
            "mnemosyne \\- encrypted, snapshotting backups to a NAS share, a block device or a local disk\n")
        .append(".SH SYNOPSIS\n")
        .append(".B mnemosyne\n")
        .append(
            "\\fIACTION\\fR [\\fB\\-\\-config\\fR \\fICONFIG\\fR] [\\fB\\-\\-dry\\-run\\fR] [\\fB\\-\\-json\\fR]"
                + " [\\fB\\-v\\fR | \\fB\\-q\\fR]\n")
        .append(".br\n")
        .append(".B mnemosyne\n")
        .append(
            "\\fB\\-\\-restore\\fR \\fIKEY\\fR[.\\fISTAGE\\fR][:\\fIPATH\\fR] \\fB\\-\\-target\\fR \\fIDIR\\fR"
                + " [\\fB\\-\\-force\\fR] [\\fB\\-\\-dry\\-run\\fR]\n")
        .append(".SH DESCRIPTION\n")
        .append(
            "Each run opens a LUKS-encrypted btrfs image on the remote, copies the configured directories into"
                + " it with rsync, keeps a rotating set of read-only snapshots (stages), and closes everything again."
                + " The key file stays on this machine. Exactly one action is given per call; long options may be"
                + " shortened to any unambiguous prefix.\n")
        .append(".SH ACTIONS\n");
    for (Option action : Help.actions()) {
      s.append(".TP\n")
          .append(".B ")
          .append(roff(action.synopsis()))
          .append('\n')
          .append(roff(sentence(action.description())))
          .append('\n');
    }
    s.append(".SH OPTIONS\n");
    for (Option option : Help.options()) {
      String description = option.description().startsWith("configuration file (default")
          ? "configuration file (default: see FILES)"
          : option.description();
      s.append(".TP\n")
          .append(".B ")
          .append(roff(option.synopsis()))
          .append('\n')
          .append(roff(sentence(description)))
          .append('\n');
    }
    s.append(".SH EXIT STATUS\n");
    for (ExitCode code : ExitCode.values()) {
      s.append(".TP\n")
          .append(".B ")
          .append(code.code())
          .append('\n')
          .append(roff(sentence(code.meaning())))
          .append('\n');
    }
    s.append(".SH FILES\n")
        .append(".TP\n.I /etc/mnemosyne/config.json\n")
        .append(
            "The configuration the Debian package's command reads without \\fB\\-\\-config\\fR"
                + " (when it is missing, an existing \\fI/usr/local/etc/mnemosyne/config.json\\fR is read instead).\n")
        .append(".TP\n.I /usr/local/etc/mnemosyne/config.json\n")
        .append(
            "The configuration a source install reads without \\fB\\-\\-config\\fR, as the original tool did.\n")
        .append(".TP\n.I /etc/mnemosyne/NAME.json\n")
        .append("Further stores, each run by its own \\fBmnemosyne\\-backup@NAME.timer\\fR.\n")
        .append(".TP\n.I /run/mnemosyne\n")
        .append("Mount points and locks of running commands (\\fB$RUNTIME_DIRECTORY\\fR).\n")
        .append(".TP\n.I /var/lib/mnemosyne\n")
        .append("Each store's record of its last successful backups (\\fB$STATE_DIRECTORY\\fR).\n")
        .append(".SH SEE ALSO\n")
        .append(
            ".BR cryptsetup (8),\n.BR btrfs (8),\n.BR rsync (1),\n.BR mount.cifs (8),\n.BR systemd.timer (5)\n")
        .append(".PP\n")
        .append("The configuration keys, the store layout and restoring by hand are described in\n")
        .append(".I /usr/share/doc/mnemosyne/README.md.gz\n")
        .append("and the example in\n")
        .append(".IR /usr/share/doc/mnemosyne/examples/ .\n");
    return s.toString();
  }

  private static String sentence(String text) {
    String capital = Character.toUpperCase(text.charAt(0)) + text.substring(1);
    return capital.endsWith(".") ? capital : capital + ".";
  }

  /** Escapes text for roff: backslashes, hyphens (as minus signs, so options can be searched), leading dots. */
  static String roff(String text) {
    String escaped = text.replace("\\", "\\e").replace("-", "\\-");
    return escaped
        .lines()
        .map(line -> line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line)
        .collect(Collectors.joining("\n"));
  }
}
