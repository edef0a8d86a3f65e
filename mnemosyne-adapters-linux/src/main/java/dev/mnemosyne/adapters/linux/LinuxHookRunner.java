package dev.mnemosyne.adapters.linux;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Hook;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.HookRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs hooks as processes through the command runner: the program by its absolute path, its
 * arguments one by one (no shell), no standard input, and an environment of only {@link #BASE}
 * and the run's {@code MNEMOSYNE_*} variables, so that nothing of mnemosyne's own environment
 * (where a secret might be) reaches it. Its output, stdout and stderr as the lines arrive,
 * is kept as a tail of {@value #TAIL_LINES} lines. At its time limit, or when the run is
 * interrupted, it is stopped together with every process it started.
 */
final class LinuxHookRunner implements HookRunner {
  /** The environment every hook starts from. */
  static final Map<String, String> BASE = ImmutableMap.of(
      "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "LANG", "C.UTF-8");
  /** How many of a hook's last output lines are kept for the log and its error. */
  static final int TAIL_LINES = 20;

  private final CommandRunner runner;

  LinuxHookRunner(CommandRunner runner) {
    this.runner = requireNonNull(runner, "runner");
  }

  @Override
  public List<String> run(Hook hook, Hook.Phase phase, Map<String, String> variables) {
    requireNonNull(hook, "hook");
    Step step = HookRunner.step(requireNonNull(phase, "phase"));
    Path program = hook.executable();
    if (!Files.isRegularFile(program)) {
      throw new StepFailedException(
          step, "the hook's program " + program + " does not exist or is not a file");
    }
    if (!Files.isExecutable(program)) {
      throw new StepFailedException(
          step, "the hook's program " + program + " is not executable (chmod +x it)");
    }
    Map<String, String> environment = new LinkedHashMap<>(BASE);
    variables.forEach((name, value) -> {
      checkArgument(
          name.startsWith("MNEMOSYNE_"), "hook variable %s must start with MNEMOSYNE_", name);
      environment.put(name, value);
    });
    Tail tail = new Tail();
    Command.Builder command = Command.ofProgram(step, program)
        .environment(environment)
        .timeout(hook.timeout())
        .stdout(tail::add)
        .stderr(tail::add);
    hook.arguments().forEach(command::arg);
    Command built = command.build();
    CommandResult result = runner.run(built);
    if (!result.succeeded()) {
      List<String> last = tail.lines();
      throw new StepFailedException(
          step,
          built.commandLine() + " exited with " + result.exitCode()
              + (last.isEmpty()
                  ? " and printed nothing"
                  : "; its last output:\n" + String.join("\n", last)));
    }
    return tail.lines();
  }

  /** The last lines of both streams, as they arrived. */
  private static final class Tail {
    private final Deque<String> lines = new ArrayDeque<>();

    synchronized void add(String line) {
      lines.addLast(line);
      if (lines.size() > TAIL_LINES) {
        lines.removeFirst();
      }
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }
  }
}
