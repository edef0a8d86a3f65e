package dev.mnemosyne.cli;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT, SIGTERM and SIGHUP (a closed terminal) into an interrupt of the thread that runs
 * the command, which then tears down in reverse order and exits with 130, 143 or 129, the code
 * its {@code --json} report names too. A signal the process was started with ignored (a
 * background job, {@code nohup}) stays ignored: the JVM refuses a handler for it. A second
 * signal, or a teardown that takes longer than {@link #TEARDOWN_LIMIT}, ends the process at
 * once; the next run cleans up what is left. A shutdown hook does the same for every other way
 * the JVM is asked to stop (the three signals where the JDK offers no signal handlers), and then
 * the JVM picks the exit status.
 */
final class Signals {
  static final Duration TEARDOWN_LIMIT = Duration.ofMinutes(10);

  private final StopRequest stop;
  private final Thread worker;
  private final CountDownLatch finished;
  private final PrintStream err;

  private Signals(StopRequest stop, Thread worker, CountDownLatch finished, PrintStream err) {
    this.stop = stop;
    this.worker = worker;
    this.finished = finished;
    this.err = err;
  }

  /**
   * Installs the handlers for a run on {@code worker}, which counts {@code finished} down when
   * its teardown is done.
   */
  static void install(StopRequest stop, Thread worker, CountDownLatch finished, PrintStream err) {
    Signals signals = new Signals(stop, worker, finished, err);
    signals.handle("INT", ExitCode.INTERRUPTED);
    signals.handle("TERM", ExitCode.TERMINATED);
    signals.handle("HUP", ExitCode.HANGUP);
    Runtime.getRuntime().addShutdownHook(new Thread(signals::onShutdown, "mnemosyne-shutdown"));
  }

  private void onSignal(String name, ExitCode code) {
    if (!stop.request(code)) {
      err.println(
          "mnemosyne: stopping at once; the next run cleans up what is still mounted or open");
      Runtime.getRuntime().halt(code.code());
      return;
    }
    err.println("mnemosyne: SIG" + name + " received; stopping and tearing down");
    worker.interrupt();
    Thread watchdog = new Thread(
        () -> {
          if (!awaitTeardown()) {
            err.println("mnemosyne: teardown did not finish within " + TEARDOWN_LIMIT.toMinutes()
                + " minutes; exiting without it (the next run cleans up)");
            Runtime.getRuntime().halt(code.code());
          }
        },
        "mnemosyne-teardown-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private void onShutdown() {
    if (finished.getCount() > 0 && stop.request(ExitCode.INTERRUPTED)) {
      worker.interrupt();
      awaitTeardown();
    }
  }

  private boolean awaitTeardown() {
    try {
      return finished.await(TEARDOWN_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Installs a handler through {@code sun.misc.Signal}, looked up by name because it is
   * unsupported API; where it cannot, the shutdown hook covers the signal.
   */
  private void handle(String name, ExitCode code) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      Object handler = Proxy.newProxyInstance(
          Signals.class.getClassLoader(),
          new Class<?>[] {handlerClass},
          (proxy, method, args) -> switch (method.getName()) {
            case "handle" -> {
              onSignal(name, code);
              yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> "mnemosyne SIG" + name + " handler";
          });
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      handle.invoke(null, signal, handler);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
      // the shutdown hook stands in
    }
  }
}
