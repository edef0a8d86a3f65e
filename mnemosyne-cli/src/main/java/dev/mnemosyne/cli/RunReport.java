package dev.mnemosyne.cli;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.EnvironmentReport;
import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.failure.FailureKind;
import dev.mnemosyne.core.failure.InternalFailureException;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.port.TransferStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The machine-readable report of one call, written as JSON on stdout with {@code --json}:
 * command, outcome, exit code, timing, warnings, the failure, and what the command found.
 */
final class RunReport {
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final Clock clock;
  private final Instant started;
  private Optional<Object> failure = Optional.empty();

  RunReport(Optional<CommandLine> line, Clock clock) {
    this.clock = clock;
    this.started = clock.instant();
    fields.put("command", line.map(l -> (Object) l.action().command()));
    fields.put("config", line.filter(l -> l.action().needsConfig()).map(l ->
        (Object) l.config().toString()));
    fields.put("dryRun", line.map(CommandLine::dryRun).orElse(false));
  }

  void put(String name, Object value) {
    fields.put(name, value);
  }

  void backup(BackupReport report) {
    fields.put(
        "directories",
        report.directories().stream().map(RunReport::directory).collect(Collectors.toList()));
    fields.put("stats", stats(report.stats()));
  }

  void environment(EnvironmentReport report) {
    fields.put("ready", report.ready());
    fields.put(
        "checks",
        report.checks().stream()
            .map(c -> {
              Map<String, Object> check = new LinkedHashMap<>();
              check.put("name", c.name());
              check.put("passed", c.passed());
              check.put("detail", c.detail());
              check.put("fix", c.fix());
              return check;
            })
            .collect(Collectors.toList()));
  }

  void failure(Throwable e) {
    failure = Optional.of(describe(e));
  }

  /** The report as JSON, closed with the run's exit code, warnings and plan. */
  String toJson(ExitCode code, List<String> warnings, List<String> plan) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", fields.get("command"));
    json.put("outcome", code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    json.put("exitCode", code.code());
    json.put("started", started.toString());
    json.put("durationSeconds", Units.seconds(Duration.between(started, clock.instant())));
    fields.forEach(json::putIfAbsent);
    json.put("warnings", warnings);
    if (!plan.isEmpty()) {
      json.put("plan", plan);
    }
    json.put("failure", failure);
    return Json.write(json);
  }

  private static Map<String, Object> directory(DirectoryReport d) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("key", d.key());
    json.put("source", d.source().toString());
    json.put("status", d.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    json.put("rotated", d.rotated());
    json.put("durationSeconds", Units.seconds(d.duration()));
    json.put("stats", stats(d.stats()));
    json.put("warnings", d.warnings());
    json.put("failure", d.failure().map(RunReport::describe));
    return json;
  }

  private static Map<String, Object> stats(TransferStats s) {
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("files", s.files());
    stats.put("filesTransferred", s.filesTransferred());
    stats.put("filesDeleted", s.filesDeleted());
    stats.put("bytes", s.bytes());
    stats.put("bytesTransferred", s.bytesTransferred());
    return stats;
  }

  static Map<String, Object> describe(Throwable e) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", e.getClass().getSimpleName());
    if (e instanceof MnemosyneException known) {
      json.put("kind", FailureKind.of(known).name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    if (e instanceof StepFailedException step) {
      json.put("step", step.step().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      json.put("reason", step.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    if (e instanceof InternalFailureException internal) {
      json.put("reason", internal.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    json.put("message", String.valueOf(e.getMessage()));
    if (e instanceof ConfigException config) {
      json.put(
          "problems",
          config.problems().stream()
              .map(p -> {
                Map<String, Object> problem = new LinkedHashMap<>();
                problem.put("path", p.path());
                problem.put("message", p.message());
                return problem;
              })
              .collect(Collectors.toList()));
    }
    List<String> suppressed = new ArrayList<>();
    for (Throwable s : e.getSuppressed()) {
      suppressed.add(String.valueOf(s.getMessage()));
    }
    if (!suppressed.isEmpty()) {
      json.put("alsoFailed", suppressed);
    }
    return json;
  }
}
