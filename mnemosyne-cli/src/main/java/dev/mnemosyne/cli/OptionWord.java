package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One word of the command line read as an {@link Option}, with the value written into it
 * ({@code --config=FILE}, {@code -cFILE}). The original tool's argparse rules: a long option may
 * be shortened to any prefix only it has (an exact name wins: {@code --verify} is not
 * {@code --verify-environment}); {@code -c}, {@code -h}, {@code -v} and {@code -q} are the
 * one-letter names. A misspelt option is answered with the closest names.
 */
record OptionWord(Option option, Optional<String> inlineValue) {
  OptionWord {
    requireNonNull(option, "option");
    requireNonNull(inlineValue, "inlineValue");
  }

  /** Reads {@code arg}; a word that names no option, or more than one, is a usage error saying so. */
  static OptionWord read(String arg) throws UsageException {
    if (arg.startsWith("--")) {
      int eq = arg.indexOf('=');
      Option option = expand(eq < 0 ? arg : arg.substring(0, eq));
      return new OptionWord(option, eq < 0 ? Optional.empty() : Optional.of(arg.substring(eq + 1)));
    }
    if (arg.startsWith("-c") && arg.length() > 2) {
      return new OptionWord(Option.CONFIG, Optional.of(arg.substring(2)));
    }
    Optional<Option> named = arg.length() == 2 ? Option.named(arg) : Optional.empty();
    if (named.isPresent()) {
      return new OptionWord(named.get(), Optional.empty());
    }
    if (arg.startsWith("-") && arg.length() > 1) {
      // "-backup" is most likely --backup with one dash too few.
      throw new UsageException(
          "unknown option " + arg + (arg.length() > 2 ? suggestion("-" + arg) : ""));
    }
    throw new UsageException("unexpected argument '" + arg + "'");
  }

  /**
   * The options {@code args} name, read leniently: words that name none are skipped, and so is
   * the value after an option that takes one. For what must be known before the command line is
   * parsed, or when it does not parse: whether to log verbosely, whether to report in JSON.
   */
  static Set<Option> scan(String... args) {
    Set<Option> given = EnumSet.noneOf(Option.class);
    for (int i = 0; i < args.length; i++) {
      try {
        OptionWord word = read(args[i]);
        given.add(word.option());
        if (word.option().value().isPresent()
            && word.inlineValue().isEmpty()
            && i + 1 < args.length
            && !args[i + 1].startsWith("-")) {
          i++;
        }
      } catch (UsageException notAnOption) {
        // Not an option: the parse says so; here only the options matter.
      }
    }
    return given;
  }

  /** The option a long name, or a prefix only one long name has, stands for. */
  static Option expand(String written) throws UsageException {
    Optional<Option> exact = Option.named(written);
    if (exact.isPresent()) {
      return exact.get();
    }
    List<Option> candidates = written.length() > 2
        ? Arrays.stream(Option.values())
            .filter(o -> o.longName().startsWith(written))
            .collect(Collectors.toList())
        : List.of();
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      throw new UsageException("unknown option " + written + suggestion(written));
    }
    throw new UsageException("ambiguous option " + written + ": could be "
        + candidates.stream().map(Option::longName).collect(Collectors.joining(", ")));
  }

  /** {@code "; did you mean --backup?"}, or nothing when no long name is close to {@code written}. */
  private static String suggestion(String written) {
    List<String> closest = Spelling.closest(
        written.replaceFirst("^--", ""),
        Arrays.stream(Option.values())
            .map(o -> o.longName().substring(2))
            .collect(Collectors.toList()));
    if (closest.isEmpty()) {
      return "";
    }
    List<String> names = closest.stream().map(name -> "--" + name).collect(Collectors.toList());
    String listed = names.size() == 1
        ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or "
            + names.get(names.size() - 1);
    return "; did you mean " + listed + "?";
  }
}
