package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.failure.FailureKind;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Hook;
import dev.mnemosyne.core.port.HookRunner;
import dev.mnemosyne.core.port.HostChecks.HostCheck;
import dev.mnemosyne.core.port.TransferStats;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a backup's hooks with the environment they are documented to get: {@code MNEMOSYNE_HOOK},
 * {@code MNEMOSYNE_COMMAND}, {@code MNEMOSYNE_STORE}, {@code MNEMOSYNE_KEYS}, {@code
 * MNEMOSYNE_CONFIG} (when known), and for the after hook {@code MNEMOSYNE_OUTCOME}, {@code
 * MNEMOSYNE_EXIT_CODE} and {@code MNEMOSYNE_REPORT}, a private JSON file with each directory's
 * result that exists while the hook runs. Never a secret. In a dry run the hooks are only
 * announced.
 */
final class BackupHooks {
  private static final Logger log = LoggerFactory.getLogger(BackupHooks.class);

  private final StoreSession session;
  private final RunContext context;
  private final HookRunner runner;
  private final Optional<Path> configFile;
  private final ToIntFunction<BackupReport> exitStatus;
  private final BackupConfig config;

  BackupHooks(
      StoreSession session,
      RunContext context,
      HookRunner runner,
      Optional<Path> configFile,
      ToIntFunction<BackupReport> exitStatus) {
    this.session = session;
    this.context = context;
    this.runner = runner;
    this.configFile = configFile;
    this.exitStatus = exitStatus;
    this.config = session.config();
  }

  /** Refuses a configuration with hooks whose file others could change (nothing is touched). */
  void requireSafeConfiguration() {
    if (config.hooks().isEmpty()) {
      return;
    }
    configFile.flatMap(HookConfigGuard::problem).ifPresent(problem -> {
      throw new EnvironmentNotReadyException(problem);
    });
  }

  /**
   * What {@code verifyEnvironment} reports about the hooks of {@code config}: each hook's program
   * exists and is executable, and the configuration file is safe to hold hooks.
   */
  static List<HostCheck> checks(BackupConfig config, Optional<Path> configFile) {
    List<HostCheck> checks = new ArrayList<>();
    for (Hook.Phase phase : Hook.Phase.values()) {
      config.hooks().of(phase).ifPresent(hook -> {
        Path program = hook.executable();
        String name = phase.label() + " hook";
        checks.add(
            !Files.isRegularFile(program)
                ? HostCheck.fail(
                    name,
                    program + " does not exist",
                    "install it, or correct hooks." + phase.label() + ".command[0]")
                : !Files.isExecutable(program)
                    ? HostCheck.fail(name, program + " is not executable", "chmod +x " + program)
                    : HostCheck.pass(name, program + " is executable"));
      });
    }
    if (!config.hooks().isEmpty()) {
      configFile.ifPresent(file -> checks.add(HookConfigGuard.problem(file)
          .map(problem -> HostCheck.fail(
              "configuration file",
              problem,
              "only root may change a configuration with" + " hooks"))
          .orElseGet(
              () -> HostCheck.pass("configuration file", file + " can be changed by root only"))));
    }
    return checks;
  }

  /**
   * Runs the before hook, if there is one.
   *
   * @throws StepFailedException if it fails, runs out of time or the run is interrupted
   */
  void before() {
    Optional<Hook> hook = config.hooks().before();
    if (hook.isPresent()) {
      run(hook.get(), Hook.Phase.BEFORE, base(Hook.Phase.BEFORE));
    }
  }

  /**
   * Runs the after hook, if there is one, with {@code report}'s outcome, even when the run was
   * interrupted; its failure becomes a warning of the returned report.
   */
  BackupReport after(BackupReport report) {
    Optional<Hook> hook = config.hooks().after();
    if (hook.isEmpty()) {
      return report;
    }
    int exitCode = exitStatus.applyAsInt(report);
    boolean interrupted = Thread.interrupted();
    Optional<Path> file = Optional.empty();
    try {
      Map<String, String> variables = base(Hook.Phase.AFTER);
      variables.put("MNEMOSYNE_OUTCOME", report.outcome().name().toLowerCase(Locale.ROOT));
      variables.put("MNEMOSYNE_EXIT_CODE", Integer.toString(exitCode));
      if (!context.dryRun()) {
        file = Optional.of(writeReport(report, exitCode));
        variables.put("MNEMOSYNE_REPORT", file.get().toString());
      }
      run(hook.get(), Hook.Phase.AFTER, variables);
      return report;
    } catch (RuntimeException e) {
      MnemosyneException failure = Failures.asMnemosyne(e);
      String warning = failure.getMessage();
      log.warn(warning);
      context.listener().on(new BackupEvent.Warning(warning));
      List<String> warnings = new ArrayList<>(report.warnings());
      warnings.add(warning);
      return new BackupReport(
          report.started(), report.duration(), report.directories(), warnings, report.failure());
    } finally {
      file.ifPresent(BackupHooks::deleteQuietly);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run(Hook hook, Hook.Phase phase, Map<String, String> variables) {
    session.step(HookRunner.step(phase), String.join(" ", hook.command()));
    if (context.dryRun()) {
      return;
    }
    List<String> output = runner.run(hook, phase, variables);
    output.forEach(
        line -> context.listener().on(new BackupEvent.Notice(phase.label() + " hook: " + line)));
  }

  private Map<String, String> base(Hook.Phase phase) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("MNEMOSYNE_HOOK", phase.label());
    variables.put("MNEMOSYNE_COMMAND", "backup");
    variables.put("MNEMOSYNE_STORE", config.store().name());
    variables.put(
        "MNEMOSYNE_KEYS",
        config.directories().stream().map(d -> d.key().value()).collect(Collectors.joining(" ")));
    configFile.ifPresent(file -> variables.put("MNEMOSYNE_CONFIG", file.toString()));
    return variables;
  }

  /** Writes the run's result for the after hook into a new private (0600) file. */
  private Path writeReport(BackupReport report, int exitCode) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("store", config.store().name());
    root.put("outcome", report.outcome().name().toLowerCase(Locale.ROOT));
    root.put("exitCode", exitCode);
    root.put("started", report.started().toString());
    root.put("durationSeconds", seconds(report.duration()));
    root.put("failure", report.failure().map(MnemosyneException::getMessage));
    root.put("failureKind", report.failureKind().map(BackupHooks::name));
    root.put("warnings", report.warnings());
    List<Object> directories = new ArrayList<>();
    for (DirectoryReport d : report.directories()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("key", d.key());
      entry.put("source", d.source().toString());
      entry.put("status", d.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      entry.put("rotated", d.rotated());
      entry.put("durationSeconds", seconds(d.duration()));
      TransferStats s = d.stats();
      entry.put("files", s.files());
      entry.put("filesTransferred", s.filesTransferred());
      entry.put("filesDeleted", s.filesDeleted());
      entry.put("bytes", s.bytes());
      entry.put("bytesTransferred", s.bytesTransferred());
      entry.put("failure", d.failure().map(MnemosyneException::getMessage));
      entry.put("failureKind", d.failureKind().map(BackupHooks::name));
      directories.add(entry);
    }
    root.put("directories", directories);
    try {
      Path file = Files.createTempFile(
          "mnemosyne-report-",
          ".json",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, JsonText.write(root), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new StepFailedException(
          HookRunner.step(Hook.Phase.AFTER),
          "cannot write the run's report for the after" + " hook: " + e.getMessage(),
          e);
    }
  }

  /** {@code NO_SPACE} as {@code no-space}. */
  private static String name(FailureKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static BigDecimal seconds(java.time.Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("kept {}: {}", file, e.toString());
    }
  }
}
