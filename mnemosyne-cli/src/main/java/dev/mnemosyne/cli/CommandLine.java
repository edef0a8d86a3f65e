package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parsed command line: one action, the configuration file, the output flags and the
 * options of the action, read with the {@link Option} table. Long options may be abbreviated to
 * any unambiguous prefix, as the original tool allowed ({@link OptionWord}).
 */
record CommandLine(
    Action action,
    Path config,
    boolean dryRun,
    boolean json,
    Verbosity verbosity,
    ActionOptions options) {
  static final Path DEFAULT_CONFIG = DefaultConfig.forThisProcess();

  /**
   * The options only some actions take: what {@code --restore} restores and where, whether it
   * may write into a non-empty target, whether {@code --mount} leaves the store mounted, and
   * the age {@code --status} tolerates, where {@code --export-recovery-kit} writes the kit, and
   * how long {@code --verify} may scrub and how many files per key it compares ({@code all}: every one),
   * and where the metrics of a command that touches the store go.
   */
  record ActionOptions(
      Optional<String> restore,
      Optional<Path> target,
      boolean force,
      boolean detach,
      Optional<Double> maxAgeHours,
      Optional<Path> kitDirectory,
      Optional<Double> scrubTimeoutMinutes,
      Optional<Integer> sample,
      boolean all,
      Optional<Path> metricsFile) {
    static final ActionOptions NONE = new ActionOptions(
        Optional.empty(),
        Optional.empty(),
        false,
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty());

    ActionOptions {
      requireNonNull(restore, "restore");
      requireNonNull(kitDirectory, "kitDirectory");
      requireNonNull(scrubTimeoutMinutes, "scrubTimeoutMinutes");
      requireNonNull(sample, "sample");
      requireNonNull(target, "target");
      requireNonNull(maxAgeHours, "maxAgeHours");
      requireNonNull(metricsFile, "metricsFile");
    }
  }

  CommandLine {
    requireNonNull(action, "action");
    requireNonNull(config, "config");
    requireNonNull(verbosity, "verbosity");
    requireNonNull(options, "options");
  }

  /** Parses {@code args}; {@code -h}/{@code --help} anywhere wins over everything else. */
  static CommandLine parse(String... args) throws UsageException {
    List<Action> actions = new ArrayList<>();
    Optional<Path> config = Optional.empty();
    boolean dryRun = false;
    boolean json = false;
    boolean verbose = false;
    boolean quiet = false;
    Optional<String> restore = Optional.empty();
    Optional<Path> target = Optional.empty();
    boolean force = false;
    boolean detach = false;
    Optional<Double> maxAge = Optional.empty();
    Optional<Path> kit = Optional.empty();
    Optional<Double> scrubTimeout = Optional.empty();
    Optional<Integer> sample = Optional.empty();
    boolean all = false;
    Optional<Path> metricsFile = Optional.empty();
    Set<Option> given = EnumSet.noneOf(Option.class);
    Optional<UsageException> error = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      try {
        OptionWord written = OptionWord.read(arg);
        Option option = written.option();
        if (option.value().isEmpty() && written.inlineValue().isPresent()) {
          throw new UsageException("option " + option.longName() + " takes no value");
        }
        if (option == Option.HELP) {
          return new CommandLine(
              Action.HELP, DEFAULT_CONFIG, false, false, Verbosity.NORMAL, ActionOptions.NONE);
        }
        String value = "";
        if (option.value().isPresent()) {
          if (written.inlineValue().isPresent()) {
            value = written.inlineValue().get();
          } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
            value = args[++i];
          }
          if (value.isEmpty()) {
            throw new UsageException(
                option.longName() + " needs " + option.value().get().needed());
          }
        }
        given.add(option);
        String name = option.longName();
        switch (option) {
          case CONFIG:
            if (config.isPresent()) {
              throw new UsageException("--config given more than once");
            }
            config = Optional.of(Path.of(value));
            break;
          case RESTORE:
            restore = Optional.of(value);
            actions.add(Action.RESTORE);
            break;
          case EXPORT_RECOVERY_KIT:
            kit = Optional.of(Path.of(value));
            actions.add(Action.EXPORT_RECOVERY_KIT);
            break;
          case TARGET:
            if (target.isPresent()) {
              throw new UsageException("--target given more than once");
            }
            target = Optional.of(Path.of(value));
            break;
          case MAX_AGE:
            maxAge = Optional.of(positive(name, value, "hours"));
            break;
          case SCRUB_TIMEOUT:
            scrubTimeout = Optional.of(positive(name, value, "minutes"));
            break;
          case SAMPLE:
            double files = positive(name, value, "files");
            if (files != Math.rint(files) || files > Integer.MAX_VALUE) {
              throw new UsageException(
                  "--sample needs a whole number of files, not '" + value + "'");
            }
            sample = Optional.of((int) files);
            break;
          case ALL:
            all = true;
            break;
          case METRICS_FILE:
            if (metricsFile.isPresent()) {
              throw new UsageException("--metrics-file given more than once");
            }
            if (!value.endsWith(".prom")) {
              throw new UsageException(
                  "--metrics-file needs a file name ending in .prom (node_exporter's textfile"
                      + " collector reads only those), not '" + value + "'");
            }
            metricsFile = Optional.of(Path.of(value));
            break;
          case FORCE:
            force = true;
            break;
          case DETACH:
            detach = true;
            break;
          case DRY_RUN:
            dryRun = true;
            break;
          case JSON:
            json = true;
            break;
          case VERBOSE:
            verbose = true;
            break;
          case QUIET:
            quiet = true;
            break;
          default:
            actions.add(option
                .action()
                .orElseThrow(() -> new IllegalStateException("no meaning for " + name)));
        }
      } catch (UsageException e) {
        error = error.or(() -> Optional.of(e));
      } catch (java.nio.file.InvalidPathException e) {
        error = error.or(() -> Optional.of(new UsageException(arg + ": " + e.getMessage())));
      }
    }
    if (error.isPresent()) {
      throw error.get();
    }
    if (verbose && quiet) {
      throw new UsageException("--verbose and --quiet exclude each other");
    }
    if (actions.isEmpty()) {
      throw new UsageException("no action given: choose one of " + actionFlags());
    }
    if (actions.size() > 1) {
      throw new UsageException("one action per call, not "
          + actions.stream().map(Action::flag).collect(Collectors.joining(" and ")));
    }
    Action action = actions.get(0);
    requireScopes(given, action);
    if (sample.isPresent() && all) {
      throw new UsageException("--sample and --all exclude each other");
    }
    if (action == Action.EXPORT_RECOVERY_KIT && dryRun) {
      throw new UsageException(
          "--export-recovery-kit has no dry run: it only writes into a new directory");
    }
    if (action == Action.RESTORE && target.isEmpty()) {
      throw new UsageException("--restore needs --target DIR: the directory to restore into");
    }
    Verbosity verbosity = verbose ? Verbosity.VERBOSE : quiet ? Verbosity.QUIET : Verbosity.NORMAL;
    return new CommandLine(
        action,
        config.orElse(DEFAULT_CONFIG).toAbsolutePath(),
        dryRun,
        json,
        verbosity,
        new ActionOptions(
            restore,
            target.map(Path::toAbsolutePath),
            force,
            detach,
            maxAge,
            kit.map(Path::toAbsolutePath),
            scrubTimeout,
            sample,
            all,
            metricsFile.map(Path::toAbsolutePath)));
  }

  /** Refuses an option given that does not go with {@code action}, naming it and the others of its kind given. */
  private static void requireScopes(Set<Option> given, Action action) throws UsageException {
    Optional<Option> misplaced =
        given.stream().filter(o -> !o.scope().allows(action)).findFirst();
    if (misplaced.isPresent()) {
      Option.Scope scope = misplaced.get().scope();
      List<String> names = given.stream()
          .filter(o -> o.scope().equals(scope))
          .map(Option::longName)
          .collect(Collectors.toList());
      String listed = names.size() == 1
          ? names.get(0)
          : String.join(", ", names.subList(0, names.size() - 1)) + " and "
              + names.get(names.size() - 1);
      throw new UsageException(
          listed + (names.size() == 1 ? " goes" : " go") + " with " + scope.description());
    }
  }

  private static double positive(String option, String value, String unit) throws UsageException {
    try {
      double number = Double.parseDouble(value);
      if (!(number > 0) || Double.isInfinite(number)) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw new UsageException(
          option + " needs a positive number of " + unit + ", not '" + value + "'");
    }
  }

  /** Whether {@code args} ask for JSON output, for reporting a command line that does not parse. */
  static boolean wantsJson(String... args) {
    return OptionWord.scan(args).contains(Option.JSON);
  }

  /** The verbosity {@code args} ask for, read before they are parsed (logging is set up first); verbose wins. */
  static Verbosity requestedVerbosity(String... args) {
    Set<Option> given = OptionWord.scan(args);
    return given.contains(Option.VERBOSE)
        ? Verbosity.VERBOSE
        : given.contains(Option.QUIET) ? Verbosity.QUIET : Verbosity.NORMAL;
  }

  static String actionFlags() {
    return Arrays.stream(Action.values())
        .filter(a -> a != Action.HELP && a != Action.VERSION)
        .map(Action::flag)
        .collect(Collectors.joining(", "));
  }
}
