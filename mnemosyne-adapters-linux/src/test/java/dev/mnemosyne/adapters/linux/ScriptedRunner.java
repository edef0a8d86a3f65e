package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A command runner that runs nothing: it checks each command's exact argument vector against
 * a script, feeds the scripted output lines to the command's consumers, and returns the
 * scripted exit code. It records every command it saw.
 */
final class ScriptedRunner implements CommandRunner {
  private final Deque<Expectation> script = new ArrayDeque<>();
  private final List<Command> seen = new ArrayList<>();

  /** One expected command: its tool and arguments, and how it answers. */
  static final class Expectation {
    private final List<String> argv;
    private int exitCode;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private Consumer<Command> whileRunning = c -> {};

    private Expectation(List<String> argv) {
      this.argv = argv;
    }

    Expectation prints(String... lines) {
      stdout.addAll(List.of(lines));
      return this;
    }

    Expectation fails(int code, String... errorLines) {
      exitCode = code;
      stderr.addAll(List.of(errorLines));
      return this;
    }

    /** Runs {@code check} at the moment the command "runs", e.g. to look at files it would read. */
    Expectation whileRunning(Consumer<Command> check) {
      whileRunning = check;
      return this;
    }
  }

  /** Expects a command, written as one string split at spaces: {@code "mount -t cifs …"}. */
  Expectation expect(String commandLine) {
    return expect(List.of(commandLine.split(" ")));
  }

  Expectation expect(List<String> argv) {
    Expectation step = new Expectation(List.copyOf(argv));
    script.addLast(step);
    return step;
  }

  @Override
  public CommandResult run(Command command) {
    seen.add(command);
    List<String> argv = argv(command);
    assertThat(script).as("a command the script does not expect: %s", argv).isNotEmpty();
    Expectation step = script.removeFirst();
    assertThat(argv).as("command %s", seen.size()).isEqualTo(step.argv);
    step.whileRunning.accept(command);
    step.stdout.forEach(command.stdout());
    step.stderr.forEach(command.stderr());
    return new CommandResult(step.exitCode, tail(step.stdout), tail(step.stderr));
  }

  private static List<String> tail(List<String> lines) {
    return lines.subList(Math.max(0, lines.size() - OutputLines.TAIL_LINES), lines.size());
  }

  static List<String> argv(Command command) {
    return Stream.concat(Stream.of(command.tool()), command.arguments().stream())
        .collect(Collectors.toList());
  }

  /** Every command run so far. */
  List<Command> seen() {
    return List.copyOf(seen);
  }

  /** Fails unless every scripted command ran. */
  void assertDone() {
    assertThat(script.stream().map(s -> String.join(" ", s.argv)).toList())
        .as("scripted commands that never ran")
        .isEmpty();
  }
}
