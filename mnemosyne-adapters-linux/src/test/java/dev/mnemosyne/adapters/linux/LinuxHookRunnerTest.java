package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.Hook;
import dev.mnemosyne.core.model.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook runner against real processes: arguments, environment, output, failures, time limits and interrupts. */
class LinuxHookRunnerTest {
  @TempDir
  Path dir;

  private final List<String> logged = new ArrayList<>();
  private final LinuxHookRunner runner = new LinuxHookRunner(
      new ExecCommandRunner(Executables.fromPath(), Duration.ofSeconds(3), logged::add));

  private Path script(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private static Hook hook(Path program, Duration timeout, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(Arrays.asList(arguments));
    return new Hook(command, timeout);
  }

  @Test
  void getsItsArgumentsAsTheyAreAndOnlyTheBaseEnvironmentWithTheRunsVariables() throws IOException {
    Path dump = dir.resolve("dump");
    Path program = script(
        "dump-env",
        "/usr/bin/env > " + dump + ".env; for a in \"$@\"; do echo \"[$a]\"; done > " + dump
            + ".args");

    runner.run(
        hook(program, Duration.ofSeconds(30), "--all", "two words", "$HOME;*"),
        Hook.Phase.BEFORE,
        Map.of("MNEMOSYNE_STORE", "backup.btrfs", "MNEMOSYNE_HOOK", "before"));

    assertThat(Files.readAllLines(Path.of(dump + ".args")))
        .containsExactly("[--all]", "[two words]", "[$HOME;*]");
    Map<String, String> env = Files.readAllLines(Path.of(dump + ".env")).stream()
        .filter(l -> l.contains("="))
        .collect(Collectors.toMap(
            l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    env.keySet().removeAll(List.of("PWD", "SHLVL", "_", "OLDPWD"));
    assertThat(env)
        .containsOnly(
            Map.entry("PATH", LinuxHookRunner.BASE.get("PATH")),
            Map.entry("LANG", "C.UTF-8"),
            Map.entry("MNEMOSYNE_STORE", "backup.btrfs"),
            Map.entry("MNEMOSYNE_HOOK", "before"));
    assertThat(logged)
        .singleElement()
        .asString()
        .startsWith(program.toString() + " --all 'two words'");
  }

  @Test
  void returnsWhatItPrintedOnBothStreams() throws IOException {
    Path program = script("both", "echo 'dumped 3 databases'; echo 'warning: table locked' >&2");

    List<String> output =
        runner.run(hook(program, Duration.ofSeconds(30)), Hook.Phase.AFTER, Map.of());

    assertThat(output).containsExactlyInAnyOrder("dumped 3 databases", "warning: table locked");
  }

  @Test
  void keepsOnlyTheLastLinesOfALongOutput() throws IOException {
    Path program =
        script("chatty", "i=1; while [ $i -le 500 ]; do echo \"line $i\"; i=$((i+1)); done");

    List<String> output =
        runner.run(hook(program, Duration.ofSeconds(30)), Hook.Phase.AFTER, Map.of());

    assertThat(output)
        .hasSize(LinuxHookRunner.TAIL_LINES)
        .endsWith("line 499", "line 500")
        .doesNotContain("line 480");
  }

  @Test
  void aNonZeroExitFailsTheHooksStepWithItsCodeAndLastOutput() throws IOException {
    Path program = script("broken", "echo 'pg_dump: connection refused' >&2; exit 7");

    assertThatThrownBy(
            () -> runner.run(hook(program, Duration.ofSeconds(30)), Hook.Phase.BEFORE, Map.of()))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.step()).isEqualTo(Step.RUN_BEFORE_HOOK);
          assertThat(e.reason()).isEqualTo(Reason.ERROR);
          assertThat(e.getMessage())
              .contains(
                  "could not run the before hook",
                  program.toString(),
                  "exited with 7",
                  "pg_dump: connection refused");
        });
  }

  @Test
  void aMissingOrNonExecutableProgramCannotStart() throws IOException {
    Path missing = dir.resolve("not-there");
    Path plain = Files.writeString(dir.resolve("plain"), "#!/bin/sh\n");

    assertThatThrownBy(
            () -> runner.run(hook(missing, Duration.ofSeconds(5)), Hook.Phase.AFTER, Map.of()))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.step()).isEqualTo(Step.RUN_AFTER_HOOK);
          assertThat(e.getMessage()).contains(missing.toString(), "does not exist");
        });
    assertThatThrownBy(
            () -> runner.run(hook(plain, Duration.ofSeconds(5)), Hook.Phase.AFTER, Map.of()))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.getMessage()).contains("not executable"));
  }

  @Test
  void aHookThatRunsOutOfTimeIsStoppedWithEverythingItStarted() throws Exception {
    Path pid = dir.resolve("child.pid");
    Path program = script("slow", "sleep 300 & echo $! > " + pid + "; wait");

    assertThatThrownBy(
            () -> runner.run(hook(program, Duration.ofSeconds(1)), Hook.Phase.BEFORE, Map.of()))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.step()).isEqualTo(Step.RUN_BEFORE_HOOK);
          assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
          assertThat(e.getMessage()).contains("did not finish within 1 s");
        });
    assertGone(Long.parseLong(Files.readString(pid).trim()));
  }

  @Test
  void anInterruptStopsTheHookAndItsChildren() throws Exception {
    Path pid = dir.resolve("child.pid");
    Path program = script("waits", "sleep 300 & echo $! > " + pid + "; wait");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread worker = new Thread(() -> {
      try {
        runner.run(hook(program, Duration.ofHours(1)), Hook.Phase.BEFORE, Map.of());
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    worker.start();
    for (int i = 0; i < 1500 && (!Files.exists(pid) || Files.readString(pid).isBlank()); i++) {
      Thread.sleep(20);
    }

    worker.interrupt();
    worker.join(TimeUnit.SECONDS.toMillis(60));

    assertThat(worker.isAlive()).isFalse();
    assertThat(thrown.get())
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CANCELLED));
    assertGone(Long.parseLong(Files.readString(pid).trim()));
  }

  @Test
  void onlyMnemosyneVariablesMayBeAdded() throws IOException {
    Path program = script("ok", "true");

    assertThatThrownBy(() -> runner.run(
            hook(program, Duration.ofSeconds(5)),
            Hook.Phase.AFTER,
            Map.of("LD_PRELOAD", "/tmp/x.so")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Asserts that {@code pid} ended: it is gone, or a zombie that init has yet to reap. */
  private static void assertGone(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    for (int i = 0; i < 1500 && running(stat); i++) {
      Thread.sleep(20);
    }
    assertThat(running(stat)).as("process %s still running", pid).isFalse();
  }

  private static boolean running(Path stat) {
    try {
      String text = Files.readString(stat);
      return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }
}
