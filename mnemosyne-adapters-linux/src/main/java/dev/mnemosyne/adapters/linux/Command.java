package dev.mnemosyne.adapters.linux;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.CharMatcher;
import com.google.common.base.MoreObjects;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mnemosyne.core.model.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One program to run: the tool's name (resolved on PATH by the runner), its arguments one by
 * one, and how each argument is shown in logs. Secrets never travel as arguments; an argument
 * that names a private file can be shown redacted. Output is streamed line by line to the
 * consumers, never collected whole.
 */
final class Command {
  /** How long a command may run. */
  enum TimeLimit {
    /** The runner's limit for quick commands (mount, cryptsetup, btrfs …). */
    QUICK,
    /** No limit: long transfers. */
    NONE
  }

  private static final CharMatcher PLAIN = CharMatcher.inRange('a', 'z')
      .or(CharMatcher.inRange('A', 'Z'))
      .or(CharMatcher.inRange('0', '9'))
      .or(CharMatcher.anyOf("-_=,./:@%+<>"));

  private final Step step;
  private final String tool;
  private final List<String> arguments;
  private final List<String> shownArguments;
  private final Optional<byte[]> stdin;
  private final TimeLimit timeLimit;
  private final Consumer<String> stdout;
  private final Consumer<String> stderr;
  private final Optional<Path> executable;
  private final Optional<Map<String, String>> environment;
  private final Optional<Duration> timeout;

  private Command(Builder b) {
    this.step = b.step;
    this.tool = b.tool;
    this.arguments = List.copyOf(b.arguments);
    this.shownArguments = List.copyOf(b.shownArguments);
    this.stdin = b.stdin.map(byte[]::clone);
    this.timeLimit = b.timeLimit;
    this.stdout = b.stdout;
    this.stderr = b.stderr;
    this.executable = b.executable;
    this.environment = b.environment.map(Map::copyOf);
    this.timeout = b.timeout;
  }

  static Builder of(Step step, String tool) {
    return new Builder(step, tool);
  }

  /** A program given by its absolute path, run as it is (not looked up on PATH). */
  static Builder ofProgram(Step step, Path executable) {
    requireNonNull(executable, "executable");
    checkArgument(
        executable.isAbsolute() && executable.getFileName() != null,
        "program '%s' must be an absolute path",
        executable);
    Builder builder = new Builder(step, executable.getFileName().toString());
    builder.executable = Optional.of(executable);
    return builder;
  }

  /** The program's absolute path, when it is given rather than looked up on PATH. */
  Optional<Path> executable() {
    return executable;
  }

  /** The whole environment the program gets, when it is not the runner's own. */
  Optional<Map<String, String>> environment() {
    return environment;
  }

  /** A time limit of its own, instead of the one {@link #timeLimit()} selects. */
  Optional<Duration> timeout() {
    return timeout;
  }

  /** The step this command belongs to, named in its errors. */
  Step step() {
    return step;
  }

  /** The program's name, e.g. {@code cryptsetup}. */
  String tool() {
    return tool;
  }

  /** The arguments exactly as the program receives them. */
  List<String> arguments() {
    return arguments;
  }

  /** Bytes written to the program's standard input, then closed. */
  Optional<byte[]> stdin() {
    return stdin.map(byte[]::clone);
  }

  TimeLimit timeLimit() {
    return timeLimit;
  }

  Consumer<String> stdout() {
    return stdout;
  }

  Consumer<String> stderr() {
    return stderr;
  }

  /** The command as logs show it: tool and arguments, quoted where needed, private ones redacted. */
  String commandLine() {
    return executable.map(Path::toString).orElse(tool)
        + shownArguments.stream().map(a -> " " + a).collect(Collectors.joining());
  }

  private static String quote(String argument) {
    if (!argument.isEmpty() && PLAIN.matchesAllOf(argument)) {
      return argument;
    }
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("step", step)
        .addValue(commandLine())
        .toString();
  }

  /** Builds a {@link Command}. */
  static final class Builder {
    private final Step step;
    private final String tool;
    private final List<String> arguments = new ArrayList<>();
    private final List<String> shownArguments = new ArrayList<>();
    private Optional<byte[]> stdin = Optional.empty();
    private TimeLimit timeLimit = TimeLimit.QUICK;
    private Consumer<String> stdout = line -> {};
    private Consumer<String> stderr = line -> {};
    private Optional<Path> executable = Optional.empty();
    private Optional<Map<String, String>> environment = Optional.empty();
    private Optional<Duration> timeout = Optional.empty();

    private Builder(Step step, String tool) {
      this.step = requireNonNull(step, "step");
      this.tool = requireNonNull(tool, "tool");
      checkArgument(
          !tool.isEmpty() && !tool.contains("/"), "tool '%s' must be a plain program name", tool);
    }

    @CanIgnoreReturnValue
    Builder arg(String argument) {
      return arg(argument, quote(argument));
    }

    @CanIgnoreReturnValue
    Builder arg(Path argument) {
      return arg(argument.toString());
    }

    @CanIgnoreReturnValue
    Builder args(String... arguments) {
      Arrays.stream(arguments).forEach(this::arg);
      return this;
    }

    /** An argument that logs show as {@code shown}, verbatim: e.g. {@code credentials=<private file>}. */
    @CanIgnoreReturnValue
    Builder arg(String argument, String shown) {
      arguments.add(requireNonNull(argument, "argument"));
      shownArguments.add(requireNonNull(shown, "shown"));
      return this;
    }

    @CanIgnoreReturnValue
    Builder stdin(byte[] input) {
      this.stdin = Optional.of(input.clone());
      return this;
    }

    @CanIgnoreReturnValue
    Builder timeLimit(TimeLimit limit) {
      this.timeLimit = requireNonNull(limit, "limit");
      return this;
    }

    @CanIgnoreReturnValue
    Builder stdout(Consumer<String> consumer) {
      this.stdout = requireNonNull(consumer, "consumer");
      return this;
    }

    @CanIgnoreReturnValue
    Builder stderr(Consumer<String> consumer) {
      this.stderr = requireNonNull(consumer, "consumer");
      return this;
    }

    /** Gives the program exactly this environment instead of the runner's. */
    @CanIgnoreReturnValue
    Builder environment(Map<String, String> variables) {
      this.environment = Optional.of(Map.copyOf(variables));
      return this;
    }

    /** Stops the program, with everything it started, after {@code limit}. */
    @CanIgnoreReturnValue
    Builder timeout(Duration limit) {
      checkArgument(
          !limit.isNegative() && !limit.isZero(), "time limit (%s) must be positive", limit);
      this.timeout = Optional.of(limit);
      return this;
    }

    Command build() {
      return new Command(this);
    }
  }
}
