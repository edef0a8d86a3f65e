package dev.mnemosyne.testkit;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.mnemosyne.core.model.Hook;
import dev.mnemosyne.core.port.HookRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link HookRunner} that runs nothing: it records each call (the hook, its phase, its
 * variables, and the content of the run's report file as it was while the hook "ran") in the
 * {@link Journal} and in {@link #calls()}, and fails as {@link Faults} aimed at {@link
 * Operation#HOOK_BEFORE} or {@link Operation#HOOK_AFTER} say: {@code Fault.error()} for a hook
 * that exits non-zero, {@code Fault.timeout()} for one that runs out of time, {@code
 * Fault.cancelled()} for one stopped by a signal.
 */
public final class FakeHookRunner implements HookRunner {
  private final FakeWorld world;
  private final List<Call> calls = new ArrayList<>();
  private List<String> output = List.of();

  /** One hook the run asked for. {@code report} is the content of {@code MNEMOSYNE_REPORT}, if it was given. */
  public record Call(
      Hook hook, Hook.Phase phase, Map<String, String> variables, Optional<String> report) {
    public Call {
      requireNonNull(hook, "hook");
      requireNonNull(phase, "phase");
      variables = Map.copyOf(variables);
      requireNonNull(report, "report");
    }
  }

  FakeHookRunner(FakeWorld world) {
    this.world = world;
  }

  /** Makes every hook from now on "print" {@code lines}. */
  public synchronized void output(List<String> lines) {
    this.output = List.copyOf(lines);
  }

  /** Every hook run so far, in order. */
  public synchronized List<Call> calls() {
    return ImmutableList.copyOf(calls);
  }

  @Override
  public List<String> run(Hook hook, Hook.Phase phase, Map<String, String> variables) {
    Operation operation = phase == Hook.Phase.BEFORE ? Operation.HOOK_BEFORE : Operation.HOOK_AFTER;
    return world.call(operation, hook.command(), fault -> {
      Optional<String> report =
          Optional.ofNullable(variables.get("MNEMOSYNE_REPORT")).map(FakeHookRunner::read);
      synchronized (this) {
        calls.add(new Call(hook, phase, variables, report));
        return output;
      }
    });
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "unreadable: " + e;
    }
  }
}
