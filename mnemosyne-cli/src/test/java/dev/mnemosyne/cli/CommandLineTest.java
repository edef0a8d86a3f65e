package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

  @ParameterizedTest
  @EnumSource(
      value = Action.class,
      names = {"HELP", "RESTORE", "EXPORT_RECOVERY_KIT"},
      mode = EnumSource.Mode.EXCLUDE)
  void eachActionFlagSelectsItsAction(Action action) throws UsageException {
    CommandLine line = CommandLine.parse(action.flag());

    assertThat(line.action()).isEqualTo(action);
    assertThat(line.config()).isEqualTo(CommandLine.DEFAULT_CONFIG);
    assertThat(line.dryRun()).isFalse();
    assertThat(line.json()).isFalse();
    assertThat(line.verbosity()).isEqualTo(Verbosity.NORMAL);
  }

  @Test
  void restoreTakesItsSpecAndATarget() throws UsageException {
    CommandLine line = CommandLine.parse(
        "--restore", "home.2:docs/a.txt", "--target=/tmp/out", "--force", "--dry-run");

    assertThat(line.action()).isEqualTo(Action.RESTORE);
    assertThat(line.options().restore()).contains("home.2:docs/a.txt");
    assertThat(line.options().target()).contains(Path.of("/tmp/out"));
    assertThat(line.options().force()).isTrue();
    assertThat(line.dryRun()).isTrue();
    assertThat(CommandLine.parse("--restore=home", "--target", "out").options().target())
        .contains(Path.of("out").toAbsolutePath());
  }

  @Test
  void actionOptionsGoWithTheirActionOnly() throws UsageException {
    assertThatThrownBy(() -> CommandLine.parse("--restore", "home"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--target");
    assertThatThrownBy(() -> CommandLine.parse("--restore", "--target", "x"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("KEY[.STAGE][:PATH]");
    assertThatThrownBy(() -> CommandLine.parse("--backup", "--target", "x"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--restore only");
    assertThatThrownBy(() -> CommandLine.parse("--backup", "--detach"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--mount only");
    assertThatThrownBy(() -> CommandLine.parse("--list", "--max-age", "3"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--status only");
    assertThatThrownBy(() -> CommandLine.parse("--status", "--max-age=-3"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("positive number of hours");
    assertThat(CommandLine.parse("--mount", "--detach").options().detach()).isTrue();
    assertThat(CommandLine.parse("--status", "--max-age=1.5").options().maxAgeHours())
        .contains(1.5);
    assertThatThrownBy(() -> CommandLine.parse("--backup", "--all"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--verify only");
    assertThatThrownBy(() -> CommandLine.parse("--backup", "--sample", "5", "--all"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--sample and --all go with --verify only");
    assertThatThrownBy(() -> CommandLine.parse("--verify", "--all", "--sample", "5"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("exclude each other");
    assertThatThrownBy(() -> CommandLine.parse("--verify", "--sample", "2.5"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> CommandLine.parse("--export-recovery-kit", "kit", "--dry-run"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no dry run");
    CommandLine verify = CommandLine.parse("--verify", "--sample", "50", "--scrub-timeout=0.5");
    assertThat(verify.options().sample()).contains(50);
    assertThat(verify.options().scrubTimeoutMinutes()).contains(0.5);
  }

  @ParameterizedTest
  @CsvSource({
    "'--config,/etc/m.json', /etc/m.json",
    "'-c,/etc/m.json', /etc/m.json",
    "'--config=/etc/m.json', /etc/m.json",
    "'-c/etc/m.json', /etc/m.json",
    "'--conf,/etc/m.json', /etc/m.json"
  })
  void theConfigurationFileCanBeGivenInEveryFormTheOriginalAccepted(String args, String expected)
      throws UsageException {
    String[] argv = (args + ",--backup").split(",");

    assertThat(CommandLine.parse(argv).config()).isEqualTo(Path.of(expected));
  }

  @Test
  void aRelativeConfigurationPathIsMadeAbsolute() throws UsageException {
    assertThat(CommandLine.parse("--backup", "-c", "conf.json").config())
        .isEqualTo(Path.of("conf.json").toAbsolutePath());
  }

  @Test
  void outputFlagsAreRead() throws UsageException {
    CommandLine line = CommandLine.parse("--dry-run", "--mount", "--json", "-v");

    assertThat(line.action()).isEqualTo(Action.MOUNT);
    assertThat(line.dryRun()).isTrue();
    assertThat(line.json()).isTrue();
    assertThat(line.verbosity()).isEqualTo(Verbosity.VERBOSE);
    assertThat(CommandLine.parse("--backup", "--quiet").verbosity()).isEqualTo(Verbosity.QUIET);
    assertThat(CommandLine.parse("--backup", "--verbose").verbosity()).isEqualTo(Verbosity.VERBOSE);
    assertThat(CommandLine.parse("--backup", "-q").verbosity()).isEqualTo(Verbosity.QUIET);
  }

  @Test
  void anUnambiguousPrefixOfALongOptionIsThatOption() throws UsageException {
    assertThat(CommandLine.parse("--back").action()).isEqualTo(Action.BACKUP);
    assertThat(CommandLine.parse("--verify-env").action()).isEqualTo(Action.VERIFY_ENVIRONMENT);
    assertThat(CommandLine.parse("--verify").action())
        .as("an exact name wins over a prefix")
        .isEqualTo(Action.VERIFY);
    assertThat(CommandLine.parse("--init-k").action()).isEqualTo(Action.INIT_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-h", "--help", "--he"})
  void helpWinsOverEverythingElse(String help) throws UsageException {
    assertThat(CommandLine.parse("--backup", "--mount", "--bogus", help).action())
        .isEqualTo(Action.HELP);
  }

  @Test
  void noActionIsAUsageErrorNamingTheActions() {
    assertThatThrownBy(() -> CommandLine.parse("-c", "/etc/m.json"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no action")
        .hasMessageContaining("--backup")
        .hasMessageContaining("--verify-environment");
  }

  @Test
  void twoActionsAreAUsageError() {
    assertThatThrownBy(() -> CommandLine.parse("--backup", "--mount"))
        .isInstanceOf(UsageException.class)
        .hasMessage("one action per call, not --backup and --mount");
    assertThatThrownBy(() -> CommandLine.parse("--backup", "--backup"))
        .isInstanceOf(UsageException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "'--backup,--bogus', unknown option --bogus",
    "'--backup,-x', unknown option -x",
    "'--backup,extra', unexpected argument 'extra'",
    "'--backup,--config', --config needs a file name",
    "'--backup,--config=', --config needs a file name",
    "'-c,--backup', --config needs a file name",
    "'--backup,-c,a,-c,b', --config given more than once",
    "'--backup,--json=yes', option --json takes no value",
    "'--backup,-v,-q', --verbose and --quiet exclude each other",
    "'--init', 'ambiguous option --init: could be --init-key, --init-store'"
  })
  void malformedCommandLinesAreUsageErrors(String args, String message) {
    assertThatThrownBy(() -> CommandLine.parse(args.split(",")))
        .isInstanceOf(UsageException.class)
        .hasMessage(message);
  }

  @Test
  void jsonIsWantedEvenWhenTheRestDoesNotParse() {
    assertThat(CommandLine.wantsJson("--bogus", "--json")).isTrue();
    assertThat(CommandLine.wantsJson("--bogus")).isFalse();
  }
}
