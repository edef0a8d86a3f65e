package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A parsed command line: one action, the configuration file, the output flags and the
 * options of the action. Long options may be abbreviated to any unambiguous prefix, as the
 * original tool allowed.
 */
record CommandLine(Action action, Path config, boolean dryRun, boolean json, Verbosity verbosity,
    ActionOptions options) {
  static final Path DEFAULT_CONFIG = DefaultConfig.forThisProcess();

  static final List<String> LONG_OPTIONS = List.of("--init-key", "--init-store", "--backup", "--mount",
      "--verify-environment", "--check-config", "--version", "--help", "--config", "--dry-run", "--json",
      "--verbose", "--quiet", "--list", "--restore", "--unmount", "--status", "--target", "--force", "--detach",
      "--max-age", "--export-recovery-kit", "--verify", "--scrub-timeout", "--sample", "--all", "--metrics-file",
      "--grow-store", "--change-key");
  /** The options that take a value, as {@code --option VALUE} or {@code --option=VALUE}. */
  static final List<String> VALUE_OPTIONS = List.of("--config", "--restore", "--target", "--max-age",
      "--export-recovery-kit", "--scrub-timeout", "--sample", "--metrics-file");

  /**
   * The options only some actions take: what {@code --restore} restores and where, whether it
   * may write into a non-empty target, whether {@code --mount} leaves the store mounted, and
   * the age {@code --status} tolerates, where {@code --export-recovery-kit} writes the kit, and
   * how long {@code --verify} may scrub and how many files per key it compares ({@code all}: every one),
   * and where the metrics of a command that touches the store go.
   */
  record ActionOptions(Optional<String> restore, Optional<Path> target, boolean force, boolean detach,
      Optional<Double> maxAgeHours, Optional<Path> kitDirectory, Optional<Double> scrubTimeoutMinutes,
      Optional<Integer> sample, boolean all, Optional<Path> metricsFile) {
    static final ActionOptions NONE = new ActionOptions(Optional.empty(), Optional.empty(), false, false,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty());

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
    Optional<UsageException> error = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      try {
        String option;
        Optional<String> inlineValue = Optional.empty();
        if (arg.startsWith("--")) {
          int eq = arg.indexOf('=');
          option = expand(eq < 0 ? arg : arg.substring(0, eq));
          if (eq >= 0) {
            inlineValue = Optional.of(arg.substring(eq + 1));
          }
        } else if (arg.startsWith("-c") && arg.length() > 2) {
          option = "--config";
          inlineValue = Optional.of(arg.substring(2));
        } else {
          option = switch (arg) {
            case "-h" -> "--help";
            case "-c" -> "--config";
            case "-v" -> "--verbose";
            case "-q" -> "--quiet";
            default -> throw new UsageException(arg.startsWith("-") && arg.length() > 1
                ? "unknown option " + arg : "unexpected argument '" + arg + "'");
          };
        }
        if (!VALUE_OPTIONS.contains(option) && inlineValue.isPresent()) {
          throw new UsageException("option " + option + " takes no value");
        }
        if (option.equals("--help")) {
          return new CommandLine(Action.HELP, DEFAULT_CONFIG, false, false, Verbosity.NORMAL, ActionOptions.NONE);
        }
        String value = "";
        if (VALUE_OPTIONS.contains(option)) {
          if (inlineValue.isPresent()) {
            value = inlineValue.get();
          } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
            value = args[++i];
          }
          if (value.isEmpty()) {
            throw new UsageException(option + " needs " + (option.equals("--config") ? "a file name"
                : option.equals("--target") || option.equals("--export-recovery-kit") ? "a directory" : option.equals("--max-age") ? "a number of hours"
                : option.equals("--metrics-file") ? "a file name ending in .prom"
                : "KEY[.STAGE][:PATH]"));
          }
        }
        switch (option) {
          case "--config":
            if (config.isPresent()) {
              throw new UsageException("--config given more than once");
            }
            config = Optional.of(Path.of(value));
            break;
          case "--restore":
            restore = Optional.of(value);
            actions.add(Action.RESTORE);
            break;
          case "--export-recovery-kit":
            kit = Optional.of(Path.of(value));
            actions.add(Action.EXPORT_RECOVERY_KIT);
            break;
          case "--target":
            if (target.isPresent()) {
              throw new UsageException("--target given more than once");
            }
            target = Optional.of(Path.of(value));
            break;
          case "--max-age":
            maxAge = Optional.of(positive(option, value, "hours"));
            break;
          case "--scrub-timeout":
            scrubTimeout = Optional.of(positive(option, value, "minutes"));
            break;
          case "--sample":
            double files = positive(option, value, "files");
            if (files != Math.rint(files) || files > Integer.MAX_VALUE) {
              throw new UsageException("--sample needs a whole number of files, not '" + value + "'");
            }
            sample = Optional.of((int) files);
            break;
          case "--all":
            all = true;
            break;
          case "--metrics-file":
            if (metricsFile.isPresent()) {
              throw new UsageException("--metrics-file given more than once");
            }
            if (!value.endsWith(".prom")) {
              throw new UsageException("--metrics-file needs a file name ending in .prom (node_exporter's textfile"
                  + " collector reads only those), not '" + value + "'");
            }
            metricsFile = Optional.of(Path.of(value));
            break;
          case "--force":
            force = true;
            break;
          case "--detach":
            detach = true;
            break;
          case "--dry-run":
            dryRun = true;
            break;
          case "--json":
            json = true;
            break;
          case "--verbose":
            verbose = true;
            break;
          case "--quiet":
            quiet = true;
            break;
          default:
            actions.add(actionFor(option));
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
      throw new UsageException("one action per call, not " + actions.stream().map(Action::flag)
          .collect(Collectors.joining(" and ")));
    }
    Action action = actions.get(0);
    requireOnlyWith(target.isPresent() || force, "--target and --force", action, Action.RESTORE);
    requireOnlyWith(detach, "--detach", action, Action.MOUNT);
    requireOnlyWith(maxAge.isPresent(), "--max-age", action, Action.STATUS);
    requireOnlyWith(scrubTimeout.isPresent() || sample.isPresent() || all, "--scrub-timeout, --sample and --all",
        action, Action.VERIFY);
    if (metricsFile.isPresent() && !RunMetrics.USE_THE_STORE.contains(action)) {
      throw new UsageException("--metrics-file goes with the commands that use the store: " + RunMetrics.USE_THE_STORE
          .stream().map(Action::flag).collect(Collectors.joining(", ")));
    }
    if (sample.isPresent() && all) {
      throw new UsageException("--sample and --all exclude each other");
    }
    if (action == Action.EXPORT_RECOVERY_KIT && dryRun) {
      throw new UsageException("--export-recovery-kit has no dry run: it only writes into a new directory");
    }
    if (action == Action.RESTORE && target.isEmpty()) {
      throw new UsageException("--restore needs --target DIR: the directory to restore into");
    }
    Verbosity verbosity = verbose ? Verbosity.VERBOSE : quiet ? Verbosity.QUIET : Verbosity.NORMAL;
    return new CommandLine(action, config.orElse(DEFAULT_CONFIG).toAbsolutePath(), dryRun, json, verbosity,
        new ActionOptions(restore, target.map(Path::toAbsolutePath), force, detach, maxAge,
            kit.map(Path::toAbsolutePath), scrubTimeout, sample, all, metricsFile.map(Path::toAbsolutePath)));
  }

  private static void requireOnlyWith(boolean given, String options, Action action, Action owner)
      throws UsageException {
    if (given && action != owner) {
      throw new UsageException(options + " go" + (options.contains(" and ") ? "" : "es") + " with " + owner.flag()
          + " only");
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
      throw new UsageException(option + " needs a positive number of " + unit + ", not '" + value + "'");
    }
  }

  /** Whether {@code args} ask for JSON output, for reporting a command line that does not parse. */
  static boolean wantsJson(String... args) {
    return Arrays.asList(args).contains("--json");
  }

  private static String expand(String option) throws UsageException {
    if (LONG_OPTIONS.contains(option)) {
      return option;
    }
    List<String> candidates = option.length() > 2
        ? LONG_OPTIONS.stream().filter(o -> o.startsWith(option)).collect(Collectors.toList())
        : List.of();
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      throw new UsageException("unknown option " + option);
    }
    throw new UsageException("ambiguous option " + option + ": could be " + String.join(", ", candidates));
  }

  private static Action actionFor(String flag) {
    for (Action action : Action.values()) {
      if (action.flag().equals(flag)) {
        return action;
      }
    }
    throw new IllegalArgumentException("not an action: " + flag);
  }

  static String actionFlags() {
    return Arrays.stream(Action.values()).filter(a -> a != Action.HELP && a != Action.VERSION)
        .map(Action::flag).collect(Collectors.joining(", "));
  }
}
