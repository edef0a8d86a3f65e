package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.EnvironmentReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.MountedStore;
import dev.mnemosyne.core.SourceOverlaps;
import dev.mnemosyne.core.config.ConfigLoader;
import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.failure.ConfigProblem;
import dev.mnemosyne.core.failure.InternalFailureException;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.port.HostChecks.HostCheck;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * One call of the command: parses the arguments, loads the configuration, wires the adapters
 * to the core, runs the action, prints what happened and returns the exit status. Never
 * throws; every failure becomes a short message on stderr and a documented exit code.
 */
final class Cli {
  static final Path DEFAULT_RUNTIME_DIRECTORY = Path.of("/run/mnemosyne");
  static final Path DEFAULT_STATE_DIRECTORY = Path.of("/var/lib/mnemosyne");

  private final Adapters adapters;
  private final Map<String, String> environment;
  private final Terminal terminal;
  private final StopRequest stop;
  private final Clock clock;

  /**
   * What the command knows of where it runs: whether stderr is an interactive terminal (live
   * progress) and whether it may print non-ASCII marks.
   */
  record Terminal(boolean interactive, boolean unicode) {}

  Cli(
      Adapters adapters,
      Map<String, String> environment,
      Terminal terminal,
      StopRequest stop,
      Clock clock) {
    this.adapters = requireNonNull(adapters, "adapters");
    this.environment = Map.copyOf(environment);
    this.terminal = requireNonNull(terminal, "terminal");
    this.stop = requireNonNull(stop, "stop");
    this.clock = requireNonNull(clock, "clock");
  }

  int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine line;
    try {
      line = CommandLine.parse(args);
    } catch (UsageException e) {
      err.println("mnemosyne: " + e.getMessage());
      err.println(Help.HINT);
      if (CommandLine.wantsJson(args)) {
        RunReport report = new RunReport(Optional.empty(), clock);
        report.failure(e);
        out.print(report.toJson(ExitCode.USAGE_ERROR, List.of(), List.of()));
      }
      out.flush();
      return ExitCode.USAGE_ERROR.code();
    }
    if (line.action() == Action.HELP) {
      out.print(Help.text());
      out.flush();
      return ExitCode.SUCCESS.code();
    }
    Console console = new Console(
        out, err, line.verbosity(), line.json(), terminal.interactive(), terminal.unicode());
    RunListener listener = new RunListener(console, line.dryRun());
    RunReport report = new RunReport(Optional.of(line), clock);
    RunMetrics metrics = new RunMetrics(clock);
    ExitCode code;
    try {
      code = execute(line, console, listener, metrics, report);
    } catch (RuntimeException | Error e) {
      RuntimeException failure =
          e instanceof Error error ? InternalFailureException.of(error) : (RuntimeException) e;
      report.failure(failure);
      code = fail(failure, console);
    }
    code = stop.requested().orElse(code);
    code = metrics.write(line, code, console);
    console.clearProgress();
    if (line.json()) {
      out.print(report.toJson(code, listener.warnings(), listener.plan()));
    }
    out.flush();
    err.flush();
    return code.code();
  }

  private ExitCode execute(
      CommandLine line,
      Console console,
      RunListener listener,
      RunMetrics metrics,
      RunReport report) {
    if (line.action() == Action.VERSION) {
      String version = Version.current();
      report.put("version", version);
      console.result("mnemosyne " + version);
      return ExitCode.SUCCESS;
    }
    Optional<String> badMetricsFile =
        line.options().metricsFile().flatMap(MetricsTextfile::problem);
    if (badMetricsFile.isPresent()) {
      report.failure(new UsageException("--metrics-file: " + badMetricsFile.get()));
      console.error("--metrics-file: " + badMetricsFile.get());
      return ExitCode.USAGE_ERROR;
    }
    BackupConfig config = ConfigLoader.load(line.config());
    RunMetrics.file(line, Optional.of(config))
        .filter(f -> line.options().metricsFile().isEmpty())
        .flatMap(MetricsTextfile::problem)
        .ifPresent(problem -> {
          throw new ConfigException(List.of(new ConfigProblem("metrics.file", problem)));
        });
    if (line.action() == Action.CHECK_CONFIG) {
      console.info("configuration read from " + line.config());
      SourceOverlaps.beforeMounting(config, Optional.of(runtimeDirectory()))
          .forEach(l -> console.info(l.describe()));
      String json = ConfigLoader.redactedJson(config);
      report.put("effectiveConfig", new Json.Raw(json));
      console.result(json.strip());
      RetentionText.cap(config.strategy()).ifPresent(console::info);
      return ExitCode.SUCCESS;
    }
    if (line.dryRun()) {
      console.info(
          "dry run: nothing is changed; these are the steps and commands a real run performs");
    }
    // A dry run of --restore opens the store for real and asks rsync what it would copy.
    boolean dryRunAdapters = line.dryRun() && line.action() != Action.RESTORE;
    Mnemosyne mnemosyne = Mnemosyne.builder(adapters.backend(
            new Adapters.Settings(runtimeDirectory(), dryRunAdapters, listener::command)))
        .clock(adapters.clock())
        .listener(event -> {
          listener.on(event);
          metrics.on(event);
        })
        .stateDirectory(stateDirectory())
        .configFile(line.config())
        .exitStatus(result ->
            stop.requested().orElseGet(() -> ExitCode.forBackup(result)).code())
        .build();
    metrics.configured(config, mnemosyne);
    StoreActions store = new StoreActions(mnemosyne, config, console, report, clock);
    switch (line.action()) {
      case INIT_KEY:
        Path key = mnemosyne.initKey(config);
        report.put("keyFile", key.toString());
        return ExitCode.SUCCESS;
      case INIT_STORE:
        mnemosyne.initStore(config);
        return ExitCode.SUCCESS;
      case BACKUP:
        if (line.dryRun() && config.strategy().keep().isPresent()) {
          ExitCode described = backup(mnemosyne, config, console, report, line.dryRun());
          // What a thinning would delete depends on the store's history: it is read for real,
          // changing nothing.
          Mnemosyne reading = Mnemosyne.builder(adapters.backend(
                  new Adapters.Settings(runtimeDirectory(), false, listener::command)))
              .clock(adapters.clock())
              .listener(listener)
              .stateDirectory(stateDirectory())
              .build();
          RetentionText.printNextRotations(reading, config, console, report);
          return described;
        }
        return backup(mnemosyne, config, console, report, line.dryRun());
      case MOUNT:
        return mount(mnemosyne, config, line, console, report);
      case UNMOUNT:
        return store.unmount();
      case LIST:
        return store.list();
      case RESTORE:
        return store.restore(line);
      case STATUS:
        return store.status(line);
      case EXPORT_RECOVERY_KIT:
        return store.exportRecoveryKit(line);
      case VERIFY:
        return store.verify(line);
      case GROW_STORE:
        return new LifecycleActions(mnemosyne, config, console, report).growStore();
      case CHANGE_KEY:
        return new LifecycleActions(mnemosyne, config, console, report).changeKey();
      case VERIFY_ENVIRONMENT:
        return verifyEnvironment(mnemosyne, config, console, report);
      default:
        throw new IllegalStateException("no handler for " + line.action());
    }
  }

  private ExitCode backup(
      Mnemosyne mnemosyne, BackupConfig config, Console console, RunReport report, boolean dryRun) {
    BackupReport result = mnemosyne.backup(config);
    report.backup(result);
    String took = Units.duration(result.duration());
    int count = result.directories().size();
    String directories = count + (count == 1 ? " directory" : " directories");
    switch (result.outcome()) {
      case SUCCESS:
        summary(
            dryRun
                ? "dry run: backup would copy " + directories + "; nothing was changed"
                : "backup finished: " + directories + " copied in " + took,
            console,
            report);
        return ExitCode.SUCCESS;
      case WARNINGS:
        summary(
            dryRun
                ? "dry run: backup would copy " + directories
                    + ", with warnings; nothing was changed"
                : "backup finished with warnings in " + took,
            console,
            report);
        return ExitCode.WARNINGS;
      default:
        // A failed report always carries its failure (an interruption's is of kind CANCELLED).
        MnemosyneException failure = result.failure().orElseThrow();
        report.failure(failure);
        return fail(failure, console);
    }
  }

  /** The closing line of a backup, also the JSON report's {@code summary}. */
  private static void summary(String line, Console console, RunReport report) {
    report.put("summary", line);
    console.info(line);
  }

  private ExitCode mount(
      Mnemosyne mnemosyne,
      BackupConfig config,
      CommandLine line,
      Console console,
      RunReport report) {
    MountedStore store = mnemosyne.mount(config);
    try {
      report.put("mountPoint", store.root().toString());
      report.put("detached", line.options().detach() && !line.dryRun());
      if (line.dryRun()) {
        return ExitCode.SUCCESS;
      }
      if (line.options().detach()) {
        store.detach();
        console.result(store.root().toString());
        console.info("store mounted at " + store.root()
            + "; it stays mounted until mnemosyne --unmount (a backup"
            + " of this store unmounts it first)");
        return ExitCode.SUCCESS;
      }
      console.result(store.root().toString());
      console.info(
          "store mounted at " + store.root() + "; press Ctrl-C or send SIGTERM to unmount it");
      new CountDownLatch(1).await();
      throw new AssertionError("unreachable");
    } catch (InterruptedException e) {
      console.info("unmounting the store");
      return ExitCode.INTERRUPTED;
    } finally {
      store.close();
    }
  }

  private ExitCode verifyEnvironment(
      Mnemosyne mnemosyne, BackupConfig config, Console console, RunReport report) {
    EnvironmentReport result = mnemosyne.verifyEnvironment(config);
    report.environment(result);
    for (HostCheck check : result.checks()) {
      console.result(console.mark(check.passed()) + " " + check.name() + ": " + check.detail());
      check
          .fix()
          .filter(fix -> !check.passed())
          .ifPresent(fix -> console.result("    fix: " + fix));
    }
    if (result.ready()) {
      console.info("this host is ready");
      return ExitCode.SUCCESS;
    }
    long failed = result.checks().stream().filter(c -> !c.passed()).count();
    console.error(failed + " of " + result.checks().size() + " checks failed");
    return ExitCode.ENVIRONMENT_NOT_READY;
  }

  /** Says what failed and what to do, in a line or two; the stack trace only with --verbose. */
  private ExitCode fail(RuntimeException e, Console console) {
    ExitCode code = ExitCode.forFailure(e);
    if (e instanceof ConfigException config && !config.problems().isEmpty()) {
      console.error("the configuration is not valid:");
      for (ConfigProblem problem : config.problems()) {
        console.errorDetail(problem.path() + ": " + problem.message());
      }
    } else if (e instanceof MnemosyneException) {
      console.error(e.getMessage());
    } else {
      console.error("unexpected error: " + e
          + (console.verbose() ? "" : " (run with --verbose for details)"));
    }
    for (Throwable suppressed : e.getSuppressed()) {
      console.error("also: " + suppressed.getMessage());
    }
    RemedyText.of(e).ifPresent(console::error);
    hint(e, code).ifPresent(console::error);
    if (console.verbose()) {
      console.stackTrace(e);
    }
    return code;
  }

  private static Optional<String> hint(RuntimeException e, ExitCode code) {
    switch (code) {
      case NO_SPACE:
        return Optional.of(
            String.valueOf(e.getMessage()).contains("the remote is full")
                ? "free space on the remote, or lower strategy.stages; the next run completes the copy"
                : "raise store.size and run --grow-store, or lower strategy.stages; the next run completes the copy");
      case INTERRUPTED:
        return Optional.of(
            "interrupted; everything was torn down, and the next run completes the copy");
      case ENVIRONMENT_NOT_READY:
        return e instanceof StepFailedException
            ? Optional.of(
                "store.keyfile must be the key the store was created with; restore it from your safe copy")
            : Optional.of("run --verify-environment to check this host");
      case FAILURE:
        return e instanceof StepFailedException
            ? Optional.of("run again with --verbose to see every command and" + " its output")
            : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  /** Where the record of the last successful backups is kept: systemd's {@code $STATE_DIRECTORY}, or the default. */
  private Path stateDirectory() {
    String dir = environment.getOrDefault("STATE_DIRECTORY", "");
    int colon = dir.indexOf(':');
    String first = colon >= 0 ? dir.substring(0, colon) : dir;
    return first.isEmpty() ? DEFAULT_STATE_DIRECTORY : Path.of(first);
  }

  private Path runtimeDirectory() {
    String dir = environment.getOrDefault("RUNTIME_DIRECTORY", "");
    int colon = dir.indexOf(':');
    String first = colon >= 0 ? dir.substring(0, colon) : dir;
    return first.isEmpty() ? DEFAULT_RUNTIME_DIRECTORY : Path.of(first);
  }
}
