package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against real processes. */
class ExecCommandRunnerTest {
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final ExecCommandRunner runner =
      new ExecCommandRunner(Executables.fromPath(), Duration.ofSeconds(3), logged::add);

  private static Command.Builder sh(String script) {
    return Command.of(Step.TRANSFER, "sh").arg("-c").arg(script);
  }

  @Test
  void capturesOutputLinesAndTheExitCode() {
    List<String> out = new ArrayList<>();
    List<String> err = new ArrayList<>();

    CommandResult result = runner.run(sh("echo one; echo two; echo oops >&2; exit 3")
        .stdout(out::add)
        .stderr(err::add)
        .build());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(out).containsExactly("one", "two");
    assertThat(err).containsExactly("oops");
    assertThat(result.stdoutTail()).containsExactly("one", "two");
    assertThat(result.stderrTail()).containsExactly("oops");
    assertThat(logged).containsExactly("sh -c 'echo one; echo two; echo oops >&2; exit 3'");
  }

  @Test
  void aFailedCheckedCommandNamesTheCommandTheCodeAndTheErrorOutput() {
    assertThatThrownBy(() -> runner.runChecked(sh("echo 'it broke' >&2; exit 7").build()))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.step()).isEqualTo(Step.TRANSFER);
          assertThat(e.reason()).isEqualTo(Reason.ERROR);
          assertThat(e.getMessage()).contains("sh -c", "exited with 7", "it broke");
        });
  }

  @Test
  void passesArgumentsVerbatimWithoutAShell(@TempDir Path dir) throws Exception {
    List<String> out = new ArrayList<>();
    String tricky = "a \"quoted\" 'arg' with $HOME and ; | *";

    runner.runChecked(Command.of(Step.TRANSFER, "printf")
        .arg("%s\\n")
        .arg(tricky)
        .arg("")
        .arg("x y")
        .stdout(out::add)
        .build());

    assertThat(out).containsExactly(tricky, "x y");
  }

  @Test
  void runsInTheCLocaleWithTheCurrentEnvironment() {
    List<String> out = new ArrayList<>();

    runner.runChecked(sh("echo \"$LC_ALL\"; echo \"$PATH\"").stdout(out::add).build());

    assertThat(out).containsExactly("C", System.getenv("PATH"));
  }

  @Test
  void feedsStandardInput() {
    List<String> out = new ArrayList<>();

    runner.runChecked(Command.of(Step.TRANSFER, "cat")
        .stdin("secret line\n".getBytes(StandardCharsets.UTF_8))
        .stdout(out::add)
        .build());

    assertThat(out).containsExactly("secret line");
  }

  @Test
  void closesStandardInputWhenThereIsNone() {
    CommandResult result = runner.run(Command.of(Step.TRANSFER, "cat").build());

    assertThat(result.exitCode()).isZero();
  }

  @Test
  void splitsProgressLinesEndingInCarriageReturns() {
    List<String> out = new ArrayList<>();

    runner.runChecked(
        sh("printf '10%%\\r20%%\\r30%%\\n\\ndone'").stdout(out::add).build());

    assertThat(out).containsExactly("10%", "20%", "30%", "done");
  }

  @Test
  void streamsAHundredThousandLinesAndKeepsOnlyABoundedTail() {
    AtomicLong count = new AtomicLong();
    AtomicReference<String> last = new AtomicReference<>();

    CommandResult result = runner.run(Command.of(Step.TRANSFER, "seq")
        .arg("1")
        .arg("100000")
        .timeLimit(Command.TimeLimit.NONE)
        .stdout(line -> {
          count.incrementAndGet();
          last.set(line);
        })
        .build());

    assertThat(count.get()).isEqualTo(100_000);
    assertThat(last.get()).isEqualTo("100000");
    assertThat(result.stdoutTail())
        .hasSizeLessThanOrEqualTo(OutputLines.TAIL_LINES)
        .endsWith("99999", "100000");
    assertThat(String.join("", result.stdoutTail()).length())
        .isLessThanOrEqualTo(OutputLines.TAIL_CHARS);
  }

  @Test
  void stopsACommandThatRunsOutOfTimeWithEverythingItStarted() throws Exception {
    List<Long> pids = new CopyOnWriteArrayList<>();

    assertThatThrownBy(() -> runner.run(sh("sleep 100 & echo $!; sleep 100")
            .stdout(l -> pids.add(Long.parseLong(l)))
            .build()))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
          assertThat(e.getMessage()).contains("did not finish within 3 s", "sh -c");
        });

    assertThat(pids).hasSize(1);
    assertGone(pids.get(0));
  }

  @Test
  void aCommandWhoseDetachedChildKeepsTheOutputOpenStillEnds() throws Exception {
    ExecCommandRunner quick = new ExecCommandRunner(
        Executables.fromPath(), Duration.ofMinutes(1), l -> {}, Duration.ofMillis(300));
    List<String> out = new CopyOnWriteArrayList<>();

    CommandResult result =
        quick.run(sh("sleep 60 & echo $!; exit 4").stdout(out::add).build());

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(out).hasSize(1);
    ProcessHandle.of(Long.parseLong(out.get(0))).ifPresent(ProcessHandle::destroy);
    assertGone(Long.parseLong(out.get(0)));
  }

  @Test
  void anInterruptStopsTheCommandAndCancelsTheStep() throws Exception {
    ExecCommandRunner patient =
        new ExecCommandRunner(Executables.fromPath(), Duration.ofHours(1), l -> {});
    List<Long> pids = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread worker = new Thread(() -> {
      try {
        patient.run(sh("sleep 100 & echo $!; sleep 100")
            .stdout(l -> {
              pids.add(Long.parseLong(l));
              started.countDown();
            })
            .build());
      } catch (Throwable t) {
        thrown.set(t);
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    worker.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    worker.interrupt();
    worker.join(TimeUnit.SECONDS.toMillis(60));

    assertThat(worker.isAlive()).isFalse();
    assertThat(thrown.get())
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CANCELLED));
    assertThat(stillInterrupted.get()).isTrue();
    assertGone(pids.get(0));
  }

  @Test
  void anInterruptedThreadStartsNothing(@TempDir Path dir) {
    Path marker = dir.resolve("started");
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () -> runner.run(Command.of(Step.TRANSFER, "touch").arg(marker).build()))
          .isInstanceOfSatisfying(
              StepFailedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CANCELLED));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(marker).doesNotExist();
  }

  @Test
  void aMissingProgramIsNamedWithItsPackage(@TempDir Path emptyDir) {
    ExecCommandRunner bare =
        new ExecCommandRunner(new Executables(List.of(emptyDir)), Duration.ofSeconds(5), l -> {});

    assertThatThrownBy(
            () -> bare.run(Command.of(Step.MOUNT_REMOTE, "mount.cifs").build()))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.step()).isEqualTo(Step.MOUNT_REMOTE);
          assertThat(e.getMessage()).contains("mount.cifs", "cifs-utils");
        });
  }

  @Test
  void findsProgramsInTheSystemDirectoriesEvenWithoutThemOnPath() {
    Optional<Path> found = Executables.fromPath().find("losetup");

    assertThat(found).hasValueSatisfying(p -> assertThat(p).isAbsolute().isExecutable());
  }

  @Test
  void logsRedactedCommandLines() {
    runner.runChecked(Command.of(Step.TRANSFER, "true")
        .arg("credentials=/run/x/secret", "credentials=<private file>")
        .build());

    assertThat(logged).containsExactly("true credentials=<private file>");
    assertThat(Collections.unmodifiableList(logged)).noneMatch(l -> l.contains("/run/x/secret"));
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
      return text.contains("(sleep)") && text.charAt(text.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException gone) {
      return false;
    }
  }
}
