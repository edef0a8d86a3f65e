package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.PumpStreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands as real processes through Commons Exec: no shell, an absolute executable and
 * its arguments passed as they are, an environment copied from this process with
 * {@code LC_ALL=C} (or the command's own, for hooks), both output streams drained concurrently into line consumers. A command
 * that runs out of time, or whose waiting thread is interrupted, is stopped with all the
 * processes it started.
 */
final class ExecCommandRunner implements CommandRunner {
  private static final Logger log = LoggerFactory.getLogger(ExecCommandRunner.class);
  /** How long to wait for the output pumps after the process ended (a detached grandchild may hold the pipes). */
  static final Duration PUMP_STOP_TIMEOUT = Duration.ofSeconds(5);
  /** How long to wait for a stopped command's executor to report back. */
  private static final Duration AFTER_STOP_WAIT = Duration.ofSeconds(30);

  private final Executables executables;
  private final Duration quickTimeout;
  private final Consumer<String> commandLog;
  private final Duration pumpStopTimeout;
  private final Map<String, String> environment;

  ExecCommandRunner(Executables executables, Duration quickTimeout, Consumer<String> commandLog) {
    this(executables, quickTimeout, commandLog, PUMP_STOP_TIMEOUT);
  }

  ExecCommandRunner(
      Executables executables,
      Duration quickTimeout,
      Consumer<String> commandLog,
      Duration pumpStopTimeout) {
    this.executables = requireNonNull(executables, "executables");
    this.quickTimeout = requireNonNull(quickTimeout, "quickTimeout");
    this.commandLog = requireNonNull(commandLog, "commandLog");
    this.pumpStopTimeout = requireNonNull(pumpStopTimeout, "pumpStopTimeout");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("LC_ALL", "C");
    env.remove("LANGUAGE");
    this.environment = Map.copyOf(env);
  }

  @Override
  public CommandResult run(Command command) {
    String shown = command.commandLine();
    if (Thread.currentThread().isInterrupted()) {
      throw new StepFailedException(
          command.step(), Reason.CANCELLED, shown + " was not started: the run was interrupted");
    }
    CommandLine line = new CommandLine(
        command.executable().orElseGet(() -> executables.require(command.tool(), command.step())));
    command.arguments().forEach(a -> line.addArgument(a, false));
    log.debug("running: {}", shown);
    commandLog.accept(shown);

    OutputLines out = new OutputLines(command.stdout());
    OutputLines err = new OutputLines(command.stderr());
    PumpStreamHandler streams = new PacedStreams(
        out, err, command.stdin().map(ByteArrayInputStream::new).orElse(null));
    streams.setStopTimeout(pumpStopTimeout);
    ProcessTree tree = new ProcessTree();
    DefaultExecutor executor =
        DefaultExecutor.builder().setExecuteStreamHandler(streams).get();
    executor.setExitValues(null);
    executor.setProcessDestroyer(tree);
    DefaultExecuteResultHandler handler = new PromptResultHandler();
    try {
      executor.execute(line, new HashMap<>(command.environment().orElse(environment)), handler);
    } catch (IOException e) {
      throw new StepFailedException(
          command.step(), "cannot start " + shown + ": " + e.getMessage(), e);
    }

    Optional<Duration> limit = command
        .timeout()
        .or(() -> command.timeLimit() == Command.TimeLimit.QUICK
            ? Optional.of(quickTimeout)
            : Optional.empty());
    try {
      if (limit.isPresent()) {
        handler.waitFor(limit.get());
      } else {
        handler.waitFor();
      }
    } catch (InterruptedException e) {
      stop(tree, handler);
      Thread.currentThread().interrupt();
      throw new StepFailedException(
          command.step(),
          Reason.CANCELLED,
          shown + " was stopped because the run was interrupted",
          e);
    }
    if (!handler.hasResult()) {
      stop(tree, handler);
      throw new StepFailedException(
          command.step(),
          Reason.TIMEOUT,
          shown + " did not finish within " + describe(limit.orElseThrow()) + " and was stopped"
              + lastWords(err, out));
    }
    out.finish();
    err.finish();
    int exitCode = exitCode(handler, tree, command, shown);
    CommandResult result = new CommandResult(exitCode, out.tail(), err.tail());
    log.debug("{} exited with {}", command.tool(), exitCode);
    return result;
  }

  private static int exitCode(
      DefaultExecuteResultHandler handler, ProcessTree tree, Command command, String shown) {
    if (handler.getException() == null) {
      return handler.getExitValue();
    }
    // The process ran, but the output pumps did not stop in time (a detached descendant holds the
    // pipes).
    Optional<Process> process = tree.process().filter(p -> !p.isAlive());
    if (process.isPresent()) {
      log.debug(
          "output of {} not fully read: {}",
          command.tool(),
          handler.getException().getMessage());
      return process.get().exitValue();
    }
    throw new StepFailedException(
        command.step(),
        "cannot run " + shown + ": " + handler.getException().getMessage(),
        handler.getException());
  }

  private static void stop(ProcessTree tree, DefaultExecuteResultHandler handler) {
    boolean interrupted = Thread.interrupted();
    try {
      tree.stopAll();
      handler.waitFor(AFTER_STOP_WAIT);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String describe(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 120 ? Math.max(1, seconds) + " s" : seconds / 60 + " min";
  }

  private static String lastWords(OutputLines err, OutputLines out) {
    List<String> lines = err.tail().isEmpty() ? out.tail() : err.tail();
    return lines.isEmpty()
        ? ""
        : "; its last output: "
            + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  /** Commons Exec's stream handler, with the process's output and errors read by {@link PacedPump}s. */
  private static final class PacedStreams extends PumpStreamHandler {
    PacedStreams(OutputStream out, OutputStream err, InputStream in) {
      super(out, err, in);
    }

    @Override
    protected Thread createPump(InputStream is, OutputStream os) {
      return PacedPump.thread(is, os);
    }
  }

  /**
   * Wakes the waiting thread as soon as the command ends. Commons Exec's own handler polls every
   * 50 ms, which added up to half a second to every backup (a run starts a dozen commands).
   */
  private static final class PromptResultHandler extends DefaultExecuteResultHandler {
    private final CountDownLatch done = new CountDownLatch(1);

    @Override
    public void onProcessComplete(int exitValue) {
      super.onProcessComplete(exitValue);
      done.countDown();
    }

    @Override
    public void onProcessFailed(ExecuteException e) {
      super.onProcessFailed(e);
      done.countDown();
    }

    @Override
    public void waitFor() throws InterruptedException {
      done.await();
    }

    @Override
    public void waitFor(Duration timeout) throws InterruptedException {
      done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }
}
