package dev.mnemosyne.cli;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every option the command accepts, in the order {@code --help} lists them: the one table that
 * parsing ({@link CommandLine}), {@code --help} ({@link Help}), the man page and the bash
 * completion ({@link ReferenceDocs}) are made from. The actions come first, each naming its
 * {@link Action}; then the options that change how an action runs, each with the value it takes
 * and the actions it goes with.
 */
enum Option {
  INIT_KEY(Action.INIT_KEY),
  INIT_STORE(Action.INIT_STORE),
  BACKUP(Action.BACKUP),
  MOUNT(Action.MOUNT),
  UNMOUNT(Action.UNMOUNT),
  LIST(Action.LIST),
  RESTORE(Action.RESTORE, Value.RESTORE_SPEC),
  EXPORT_RECOVERY_KIT(Action.EXPORT_RECOVERY_KIT, Value.DIRECTORY),
  STATUS(Action.STATUS),
  VERIFY(Action.VERIFY),
  GROW_STORE(Action.GROW_STORE),
  CHANGE_KEY(Action.CHANGE_KEY),
  VERIFY_ENVIRONMENT(Action.VERIFY_ENVIRONMENT),
  CHECK_CONFIG(Action.CHECK_CONFIG),
  VERSION(Action.VERSION),
  HELP(
      "--help",
      Optional.of('h'),
      Optional.of(Action.HELP),
      Optional.empty(),
      Scope.ANY,
      Action.HELP.description()),
  CONFIG(
      "--config",
      Optional.of('c'),
      Optional.empty(),
      Optional.of(Value.CONFIG_FILE),
      Scope.ANY,
      "configuration file (default " + CommandLine.DEFAULT_CONFIG + ")"),
  DRY_RUN("--dry-run", "print the steps and commands it would run; change nothing"),
  JSON("--json", "print one JSON report of the run on stdout"),
  VERBOSE(
      "--verbose",
      Optional.of('v'),
      Optional.empty(),
      Optional.empty(),
      Scope.ANY,
      "debug logs, every command as it runs, stack traces"),
  QUIET(
      "--quiet",
      Optional.of('q'),
      Optional.empty(),
      Optional.empty(),
      Scope.ANY,
      "errors and warnings only"),
  TARGET(
      "--target",
      Value.DIRECTORY,
      Scope.only(Action.RESTORE),
      "--restore: the directory to restore into (made if missing)"),
  FORCE(
      "--force",
      Scope.only(Action.RESTORE),
      "--restore: restore into a non-empty directory or the source directory"),
  DETACH("--detach", Scope.only(Action.MOUNT), "--mount: leave the store mounted and return"),
  SCRUB_TIMEOUT(
      "--scrub-timeout",
      Value.MINUTES,
      Scope.only(Action.VERIFY),
      "--verify: stop the scrub after MIN minutes (default "
          + StoreActions.DEFAULT_SCRUB_TIMEOUT.toMinutes() + ")"),
  SAMPLE(
      "--sample",
      Value.COUNT,
      Scope.only(Action.VERIFY),
      "--verify: compare N files per key (default " + StoreActions.DEFAULT_SAMPLE + ")"),
  ALL("--all", Scope.only(Action.VERIFY), "--verify: compare every file of each key"),
  MAX_AGE(
      "--max-age",
      Value.HOURS,
      Scope.only(Action.STATUS),
      "--status: the age a backup may have (default twice strategy.rotate, at least 48)"),
  METRICS_FILE(
      "--metrics-file",
      Optional.empty(),
      Optional.empty(),
      Optional.of(Value.PROM_FILE),
      Scope.of(RunMetrics.USE_THE_STORE, "the commands that use the store"),
      "write Prometheus metrics after a command that uses the store");

  private final String name;
  private final Optional<Character> shortName;
  private final Optional<Action> action;
  private final Optional<Value> value;
  private final Scope scope;
  private final String description;

  Option(Action action) {
    this(action, Optional.empty());
  }

  Option(Action action, Value value) {
    this(action, Optional.of(value));
  }

  Option(Action action, Optional<Value> value) {
    this(
        action.flag(),
        Optional.empty(),
        Optional.of(action),
        value,
        Scope.ANY,
        action.description());
  }

  Option(String name, String description) {
    this(name, Optional.empty(), Optional.empty(), Optional.empty(), Scope.ANY, description);
  }

  Option(String name, Scope scope, String description) {
    this(name, Optional.empty(), Optional.empty(), Optional.empty(), scope, description);
  }

  Option(String name, Value value, Scope scope, String description) {
    this(name, Optional.empty(), Optional.empty(), Optional.of(value), scope, description);
  }

  Option(
      String name,
      Optional<Character> shortName,
      Optional<Action> action,
      Optional<Value> value,
      Scope scope,
      String description) {
    checkArgument(
        name.startsWith("--") && name.length() > 3, "a long option (%s) starts with --", name);
    this.name = name;
    this.shortName = shortName;
    this.action = action;
    this.value = value;
    this.scope = scope;
    this.description = description;
  }

  /** The long name, {@code --backup}. */
  String longName() {
    return name;
  }

  /** The one-letter name, {@code -c}, for the few options that have one. */
  Optional<String> shortName() {
    return shortName.map(c -> "-" + c);
  }

  /** The action this option chooses, if it is one. */
  Optional<Action> action() {
    return action;
  }

  /** The value it takes, as {@code --option VALUE} or {@code --option=VALUE}, if any. */
  Optional<Value> value() {
    return value;
  }

  /** The actions it goes with. */
  Scope scope() {
    return scope;
  }

  /** What it does, in a line. */
  String description() {
    return description;
  }

  /** How {@code --help} and the man page write it: {@code -c, --config CONFIG}. */
  String synopsis() {
    return shortName().map(s -> s + ", ").orElse("")
        + name
        + value.map(v -> " " + v.metavar()).orElse("");
  }

  /** Every name the command accepts in full: the long names, then the one-letter ones. */
  static List<String> names() {
    List<String> names = Arrays.stream(values()).map(Option::longName).collect(Collectors.toList());
    Arrays.stream(values()).flatMap(o -> o.shortName().stream()).forEach(names::add);
    return List.copyOf(names);
  }

  /** The option called {@code name} in full (long or one-letter), if there is one. */
  static Optional<Option> named(String name) {
    return Arrays.stream(values())
        .filter(o -> o.name.equals(name) || o.shortName().equals(Optional.of(name)))
        .findFirst();
  }

  /** The value an option takes: how the help names it, what a message says it must be, whether it is a path. */
  enum Value {
    CONFIG_FILE("CONFIG", "a file name", true),
    RESTORE_SPEC(
        "SPEC", "KEY[.STAGE][:PATH], what to restore (home, home.1, home.1:alice/notes)", false),
    DIRECTORY("DIR", "a directory", true),
    MINUTES("MIN", "a duration: a positive number of minutes", false),
    HOURS("HOURS", "a duration: a positive number of hours", false),
    COUNT("N", "a whole number of files", false),
    PROM_FILE("FILE.prom", "a file name ending in .prom", true);

    private final String metavar;
    private final String needed;
    private final boolean path;

    Value(String metavar, String needed, boolean path) {
      this.metavar = metavar;
      this.needed = needed;
      this.path = path;
    }

    /** Its placeholder in the help: {@code DIR}. */
    String metavar() {
      return metavar;
    }

    /** What it must be, for the message when it is missing: {@code a directory}. */
    String needed() {
      return needed;
    }

    /** Whether it names a file or directory (the completion then offers file names). */
    boolean isPath() {
      return path;
    }
  }

  /** The actions an option goes with, and how a message names them. */
  record Scope(Set<Action> actions, String description) {
    static final Scope ANY = new Scope(EnumSet.allOf(Action.class), "every action");

    Scope {
      checkArgument(!actions.isEmpty(), "an option goes with at least one action");
      actions = Set.copyOf(actions);
    }

    /** The actions of {@code actions}, named as {@code what} followed by their flags. */
    static Scope of(Set<Action> actions, String what) {
      return new Scope(
          actions,
          what + ": "
              + actions.stream().sorted().map(Action::flag).collect(Collectors.joining(", ")));
    }

    static Scope only(Action action) {
      return new Scope(EnumSet.of(action), action.flag() + " only");
    }

    boolean allows(Action action) {
      return actions.contains(action);
    }
  }
}
