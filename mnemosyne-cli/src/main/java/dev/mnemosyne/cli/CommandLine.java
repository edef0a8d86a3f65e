package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A parsed command line: one action, the configuration file and the output flags. Long
 * options may be abbreviated to any unambiguous prefix, as the original tool allowed.
 */
record CommandLine(Action action, Path config, boolean dryRun, boolean json, Verbosity verbosity) {
  static final Path DEFAULT_CONFIG = Path.of("/usr/local/etc/mnemosyne/config.json");

  private static final List<String> LONG_OPTIONS = List.of("--init-key", "--init-store", "--backup", "--mount",
      "--verify-environment", "--check-config", "--version", "--help", "--config", "--dry-run", "--json",
      "--verbose", "--quiet");

  CommandLine {
    requireNonNull(action, "action");
    requireNonNull(config, "config");
    requireNonNull(verbosity, "verbosity");
  }

  /** Parses {@code args}; {@code -h}/{@code --help} anywhere wins over everything else. */
  static CommandLine parse(String... args) throws UsageException {
    List<Action> actions = new ArrayList<>();
    Optional<Path> config = Optional.empty();
    boolean dryRun = false;
    boolean json = false;
    boolean verbose = false;
    boolean quiet = false;
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
        if (!option.equals("--config") && inlineValue.isPresent()) {
          throw new UsageException("option " + option + " takes no value");
        }
        switch (option) {
          case "--help":
            return new CommandLine(Action.HELP, DEFAULT_CONFIG, false, false, Verbosity.NORMAL);
          case "--config":
            if (config.isPresent()) {
              throw new UsageException("--config given more than once");
            }
            String value;
            if (inlineValue.isPresent()) {
              value = inlineValue.get();
            } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
              value = args[++i];
            } else {
              throw new UsageException("--config needs a file name");
            }
            if (value.isEmpty()) {
              throw new UsageException("--config needs a file name");
            }
            config = Optional.of(Path.of(value));
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
        error = error.or(() -> Optional.of(new UsageException("--config: " + e.getMessage())));
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
    Verbosity verbosity = verbose ? Verbosity.VERBOSE : quiet ? Verbosity.QUIET : Verbosity.NORMAL;
    return new CommandLine(actions.get(0), config.orElse(DEFAULT_CONFIG).toAbsolutePath(), dryRun, json, verbosity);
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
