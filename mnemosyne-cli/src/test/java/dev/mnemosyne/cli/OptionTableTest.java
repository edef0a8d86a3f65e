package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated over the whole {@link Option} table, so that an option added to it is parsed,
 * abbreviated, scanned, reported and suggested like every other one: every prefix argparse would
 * accept does exactly what the full name does, an ambiguous one lists its candidates, a missing
 * value says what the option needs, a misspelt name is answered with "did you mean".
 */
class OptionTableTest {
  @TempDir
  Path temp;

  /** A value each kind of value accepts. */
  private static String example(Option.Value value) {
    return switch (value) {
      case CONFIG_FILE -> "/etc/mnemosyne/other.json";
      case RESTORE_SPEC -> "home.1:alice";
      case DIRECTORY -> "/tmp/somewhere";
      case MINUTES -> "90";
      case HOURS -> "36";
      case COUNT -> "50";
      case PROM_FILE -> "/tmp/mnemosyne.prom";
    };
  }

  /** The action a call with {@code option} runs: its own, or the first it goes with. */
  private static Action actionFor(Option option) {
    return option
        .action()
        .orElseGet(() -> option.scope().allows(Action.BACKUP)
            ? Action.BACKUP
            : option.scope().actions().stream().sorted().findFirst().orElseThrow());
  }

  /** A call that parses, with {@code option} written as {@code written} and followed by {@code value}. */
  private static List<String> call(Option option, String written, List<String> value) {
    List<String> args = new ArrayList<>();
    args.add(written);
    args.addAll(value);
    Action action = actionFor(option);
    if (option.action().isEmpty()) {
      Option chooser = Option.named(action.flag()).orElseThrow();
      args.add(0, chooser.longName());
      chooser.value().ifPresent(v -> args.add(1, example(v)));
    }
    if (action == Action.RESTORE && option != Option.TARGET) {
      args.addAll(List.of("--target", "/tmp/restored"));
    }
    return args;
  }

  private static List<String> call(Option option, String written) {
    return call(option, written, option.value().map(v -> List.of(example(v))).orElse(List.of()));
  }

  private static CommandLine parse(List<String> args) throws UsageException {
    return CommandLine.parse(args.toArray(String[]::new));
  }

  /** Every long option with each prefix of it that is longer than {@code --}, the full name included. */
  static Stream<org.junit.jupiter.params.provider.Arguments> prefixes() {
    return Arrays.stream(Option.values()).flatMap(option -> {
      String name = option.longName();
      return java.util.stream.IntStream.rangeClosed(3, name.length())
          .mapToObj(end ->
              org.junit.jupiter.params.provider.Arguments.of(option, name.substring(0, end)));
    });
  }

  /** The prefixes that name one option: the full names and the prefixes only one long name has. */
  static Stream<org.junit.jupiter.params.provider.Arguments> spellings() {
    return prefixes().filter(a -> {
      Option option = (Option) a.get()[0];
      String prefix = (String) a.get()[1];
      return prefix.equals(option.longName()) || startingWith(prefix).size() == 1;
    });
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> spellingsOfValueOptions() {
    return spellings().filter(a -> ((Option) a.get()[0]).value().isPresent());
  }

  static Stream<Option> flagsWithoutValue() {
    return Arrays.stream(Option.values()).filter(o -> o.value().isEmpty() && o != Option.HELP);
  }

  static Stream<Option> withOneLetterNames() {
    return Arrays.stream(Option.values()).filter(o -> o.shortName().isPresent());
  }

  static Stream<Option> forSomeActionsOnly() {
    return Arrays.stream(Option.values()).filter(o -> !o.scope().equals(Option.Scope.ANY));
  }

  private static List<Option> startingWith(String prefix) {
    return Arrays.stream(Option.values())
        .filter(o -> o.longName().startsWith(prefix))
        .collect(Collectors.toList());
  }

  @ParameterizedTest(name = "{1} is {0}")
  @EnumSource(Option.class)
  void everyOptionChangesWhatTheCallDoes(Option option) throws UsageException {
    CommandLine with = parse(call(option, option.longName()));

    if (option.action().isPresent()) {
      assertThat(with.action()).isEqualTo(option.action().get());
    } else {
      List<String> without = call(option, option.longName());
      without.removeAll(List.of(option.longName()));
      option.value().ifPresent(v -> without.remove(example(v)));
      Optional<CommandLine> parsedWithout;
      try {
        parsedWithout = Optional.of(parse(without));
      } catch (UsageException needed) {
        parsedWithout = Optional.empty(); // --target: --restore needs it
      }
      assertThat(parsedWithout)
          .as("the call without " + option.longName())
          .isNotEqualTo(Optional.of(with));
    }
  }

  @ParameterizedTest(name = "{1} for {0}")
  @MethodSource("prefixes")
  void aPrefixOnlyOneOptionHasIsThatOptionAndAnyOtherIsAmbiguous(Option option, String prefix)
      throws UsageException {
    List<Option> candidates = startingWith(prefix);
    boolean exact = prefix.equals(option.longName());
    if (exact || candidates.size() == 1) {
      assertThat(parse(call(option, prefix))).isEqualTo(parse(call(option, option.longName())));
      if (option.value().isPresent()) {
        String value = example(option.value().get());
        assertThat(parse(call(option, prefix + "=" + value, List.of())))
            .as(prefix + "=" + value)
            .isEqualTo(parse(call(option, option.longName())));
      }
    } else if (Option.named(prefix).isPresent()) {
      assertThat(OptionWord.expand(prefix))
          .as("an exact name wins")
          .isEqualTo(Option.named(prefix).get());
    } else {
      assertThatThrownBy(() -> parse(call(option, prefix)))
          .isInstanceOf(UsageException.class)
          .hasMessage("ambiguous option " + prefix + ": could be "
              + candidates.stream().map(Option::longName).collect(Collectors.joining(", ")));
    }
  }

  @ParameterizedTest(name = "{1} for {0}")
  @MethodSource("spellings")
  void theOptionsReadBeforeParsingAreReadAsTheParseReadsThem(Option option, String prefix)
      throws UsageException {
    String[] args = call(option, prefix).toArray(String[]::new);
    CommandLine line = CommandLine.parse(args);

    assertThat(OptionWord.scan(args)).contains(option);
    assertThat(CommandLine.wantsJson(args)).as("--json").isEqualTo(line.json());
    assertThat(CommandLine.requestedVerbosity(args)).as("verbosity").isEqualTo(line.verbosity());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withOneLetterNames")
  void aOneLetterNameIsTheLongOption(Option option) throws UsageException {
    String name = option.shortName().get();

    assertThat(parse(call(option, name))).isEqualTo(parse(call(option, option.longName())));
    assertThat(OptionWord.scan(call(option, name).toArray(String[]::new))).contains(option);
  }

  @Test
  void theOneLetterNamesAreTheOriginalsAndVerbosity() {
    assertThat(withOneLetterNames().map(o -> o.shortName().orElseThrow() + " " + o.longName()))
        .containsExactly("-h --help", "-c --config", "-v --verbose", "-q --quiet");
  }

  @ParameterizedTest(name = "{1} for {0}")
  @MethodSource("spellingsOfValueOptions")
  void aMissingValueSaysWhatTheOptionNeeds(Option option, String prefix) {
    String needs = option.longName() + " needs " + option.value().get().needed();

    assertThatThrownBy(() -> parse(call(option, prefix, List.of())))
        .as("at the end")
        .isInstanceOf(UsageException.class)
        .hasMessage(needs);
    assertThatThrownBy(() -> parse(call(option, prefix, List.of("--dry-run"))))
        .as("before another option")
        .isInstanceOf(UsageException.class)
        .hasMessage(needs);
    assertThatThrownBy(() -> parse(call(option, prefix + "=", List.of())))
        .as("empty after =")
        .isInstanceOf(UsageException.class)
        .hasMessage(needs);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flagsWithoutValue")
  void anOptionWithoutAValueRefusesOne(Option option) {
    assertThatThrownBy(() -> parse(call(option, option.longName() + "=yes")))
        .isInstanceOf(UsageException.class)
        .hasMessage("option " + option.longName() + " takes no value");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forSomeActionsOnly")
  void anOptionGivenToAnActionItDoesNotGoWithIsRefusedNamingWhatItGoesWith(Option option) {
    Action other = Arrays.stream(Action.values())
        .filter(a -> a != Action.HELP && a != Action.RESTORE && a != Action.EXPORT_RECOVERY_KIT)
        .filter(a -> !option.scope().allows(a))
        .findFirst()
        .orElseThrow();
    List<String> args = new ArrayList<>(List.of(other.flag(), option.longName()));
    option.value().ifPresent(v -> args.add(example(v)));

    assertThatThrownBy(() -> parse(args))
        .isInstanceOf(UsageException.class)
        .hasMessage(option.longName() + " goes with " + option.scope().description());
  }

  /** Misspellings one edit away from a long option that name no option: doubled, swapped and left-out letters. */
  static Stream<org.junit.jupiter.params.provider.Arguments> misspellings() {
    return Arrays.stream(Option.values()).flatMap(option -> {
      String name = option.longName().substring(2);
      Set<String> variants = new LinkedHashSet<>();
      for (int i = 1; i < name.length(); i++) {
        variants.add(name.substring(0, i) + name.charAt(i) + name.substring(i));
        variants.add(
            name.substring(0, i - 1) + name.charAt(i) + name.charAt(i - 1) + name.substring(i + 1));
        variants.add(name.substring(0, i) + name.substring(i + 1));
      }
      return variants.stream()
          .map(v -> "--" + v)
          .filter(v -> startingWith(v).isEmpty())
          .map(v -> org.junit.jupiter.params.provider.Arguments.of(option, v));
    });
  }

  @ParameterizedTest(name = "{1} for {0}")
  @MethodSource("misspellings")
  void aMisspeltOptionIsAnsweredWithDidYouMean(Option option, String misspelt) {
    UsageException e = catchThrowableOfType(() -> OptionWord.read(misspelt), UsageException.class);

    assertThat(e).as(misspelt).isNotNull();
    assertThat(e.getMessage())
        .startsWith("unknown option " + misspelt + "; did you mean ")
        .endsWith("?")
        .contains(option.longName());
    String suggested = e.getMessage().substring(e.getMessage().indexOf("did you mean ") + 13);
    assertThat(suggested.replace("?", "").split(", | or ")).contains(option.longName());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Option.class)
  void aLongOptionWithOneDashIsAnsweredWithTheLongOption(Option option) {
    String oneDash = option.longName().substring(1);
    if (oneDash.startsWith("-c")) {
      return; // -cFILE: the configuration file FILE, as argparse reads it
    }
    assertThatThrownBy(() -> OptionWord.read(oneDash))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown option " + oneDash + "; did you mean " + option.longName() + "?");
  }

  @Test
  void aWordFarFromEveryOptionGetsNoSuggestion() {
    assertThatThrownBy(() -> CommandLine.parse("--backup", "--frobnicate"))
        .hasMessage("unknown option --frobnicate");
    assertThatThrownBy(() -> CommandLine.parse("--backup", "-x")).hasMessage("unknown option -x");
  }

  @Test
  void theAbbreviationsTheFindingNamedWork() throws UsageException {
    assertThat(CommandLine.parse("--backup", "--verb").verbosity()).isEqualTo(Verbosity.VERBOSE);
    assertThat(CommandLine.parse("--backup", "--js").json()).isTrue();
    assertThat(CommandLine.requestedVerbosity("--backup", "--verb")).isEqualTo(Verbosity.VERBOSE);
    assertThat(CommandLine.wantsJson("--js", "--frobnicate")).isTrue();
    assertThatThrownBy(() -> CommandLine.parse("--verify", "--scrub-timeout"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--scrub-timeout needs a duration: a positive number of minutes");
    assertThatThrownBy(() -> CommandLine.parse("--bakcup"))
        .hasMessage("unknown option --bakcup; did you mean --backup?");
    assertThatThrownBy(() -> CommandLine.parse("--ver"))
        .hasMessage(
            "ambiguous option --ver: could be --verify, --verify-environment, --version, --verbose");
  }

  @Test
  void anAbbreviatedJsonStillGetsTheJsonReportOfAUsageErrorWithExitTwo() {
    CliRun run = CliRun.call(new LinuxWiring(), temp.resolve("run"), "--js", "--bakcup");

    assertThat(run.code()).isEqualTo(ExitCode.USAGE_ERROR.code()).isEqualTo(2);
    assertThat(run.json().get("failure").get("message").asText())
        .isEqualTo("unknown option --bakcup; did you mean --backup?");
    assertThat(run.err())
        .isEqualTo(
            "mnemosyne: unknown option --bakcup; did you mean --backup?\n" + Help.HINT + "\n");
  }

  @Test
  void theHelpListsEveryOptionOfTheTableOnce() {
    String help = Help.text();
    for (Option option : Option.values()) {
      assertThat(help).containsOnlyOnce("  " + option.synopsis() + " ");
    }
  }
}
