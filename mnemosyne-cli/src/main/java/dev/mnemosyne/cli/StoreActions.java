package dev.mnemosyne.cli;

import dev.mnemosyne.core.BackupStatus;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.RecoveryKit;
import dev.mnemosyne.core.RestoreReport;
import dev.mnemosyne.core.RestoreRequest;
import dev.mnemosyne.core.StageListing;
import dev.mnemosyne.core.StoreListing;
import dev.mnemosyne.core.VerifyOptions;
import dev.mnemosyne.core.VerifyReport;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.port.ScrubResult;
import dev.mnemosyne.core.port.SubvolumeDetails;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The actions that read a store, clean up after it or report on it: {@code --list}, {@code
 * --restore}, {@code --unmount}, {@code --status}, {@code --export-recovery-kit} and {@code --verify}.
 */
final class StoreActions {
  private final Mnemosyne mnemosyne;
  private final BackupConfig config;
  private final Console console;
  private final RunReport report;
  private final Clock clock;

  StoreActions(
      Mnemosyne mnemosyne, BackupConfig config, Console console, RunReport report, Clock clock) {
    this.mnemosyne = mnemosyne;
    this.config = config;
    this.console = console;
    this.report = report;
    this.clock = clock;
  }

  ExitCode list() {
    StoreListing listing = mnemosyne.list(config);
    Instant now = clock.instant();
    List<Object> keys = new ArrayList<>();
    for (Map.Entry<String, List<StageListing>> key : listing.byKey().entrySet()) {
      console.result(key.getKey());
      List<Object> stages = new ArrayList<>();
      for (StageListing stage : key.getValue()) {
        console.result("  " + describe(stage, now));
        stages.add(json(stage));
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("key", key.getKey());
      entry.put("stages", stages);
      Optional.ofNullable(listing.nextRotations().get(key.getKey())).ifPresent(steps -> {
        List<String> plan = steps.stream().map(RetentionText::step).toList();
        if (!plan.isEmpty()) {
          console.result("  next rotation: " + String.join(", ", plan));
        }
        entry.put("nextRotation", plan);
      });
      keys.add(entry);
    }
    if (keys.isEmpty()) {
      console.info("the store holds no stages yet");
    }
    report.put("keys", keys);
    return ExitCode.SUCCESS;
  }

  private static String describe(StageListing s, Instant now) {
    String when = s.time()
        .map(t -> Units.time(t) + " (" + Units.age(Duration.between(t, now)) + " ago)")
        .orElse("unknown");
    String what = s.stage().isLive()
        ? "last sync " + when + ", "
            + s.lastSyncComplete()
                .map(c -> c ? "complete" : "INCOMPLETE")
                .orElse("completeness unknown")
        : "taken " + when;
    SubvolumeDetails d = s.details();
    String size = "size " + d.totalBytes().map(Units::bytes).orElse("unknown")
        + d.exclusiveBytes().map(e -> ", exclusive " + Units.bytes(e)).orElse("")
        + d.sharedBytes().map(e -> ", shared " + Units.bytes(e)).orElse("");
    return String.format("%-12s %s; %s", s.stage().name(), what, size)
        + s.retention().map(RetentionText::mark).orElse("");
  }

  private static Map<String, Object> json(StageListing s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("stage", s.stage().name());
    json.put("index", s.stage().index());
    json.put("time", s.time().map(Instant::toString));
    json.put("lastSyncComplete", s.lastSyncComplete());
    json.put("readOnly", s.readOnly());
    json.put("totalBytes", s.details().totalBytes());
    json.put("exclusiveBytes", s.details().exclusiveBytes());
    json.put("sharedBytes", s.details().sharedBytes());
    s.retention().ifPresent(mark -> {
      json.put("keptBy", mark.keptBy());
      json.put("droppedAtNextRotation", mark.droppedAtNextRotation());
    });
    return json;
  }

  ExitCode restore(CommandLine line) {
    RestoreRequest request;
    try {
      request = RestoreRequest.of(
          line.options().restore().orElseThrow(), line.options().target().orElseThrow());
      if (line.options().force()) {
        request = request.overwrite();
      }
      if (line.dryRun()) {
        request = request.asDryRun();
      }
    } catch (IllegalArgumentException e) {
      report.failure(new UsageException("--restore: " + e.getMessage()));
      console.error("--restore: " + e.getMessage());
      return ExitCode.USAGE_ERROR;
    }
    RestoreReport result = mnemosyne.restore(config, request);
    String from = result.stage() + (result.path().isEmpty() ? "" : ":" + result.path());
    console.info((result.dryRun() ? "would restore " : "restored ") + Units.count(result.items())
        + (result.items() == 1 ? " path" : " paths") + " from " + from + " into "
        + result.target());
    report.put("stage", result.stage().name());
    report.put("path", result.path());
    report.put("target", result.target().toString());
    report.put("items", result.items());
    if (result.dryRun()) {
      report.put("wouldRestore", result.listed());
      report.put("wouldRestoreTruncated", result.truncated());
    }
    return ExitCode.SUCCESS;
  }

  /** The age {@code --status} tolerates by default: twice the rotation period, and at least this. */
  static final Duration DEFAULT_MAX_AGE = Duration.ofHours(48);

  ExitCode status(CommandLine line) {
    Duration maxAge = line.options()
        .maxAgeHours()
        .map(h -> Duration.ofSeconds(Math.round(h * 3600)))
        .orElseGet(() -> {
          Duration twice = config.strategy().period().multipliedBy(2);
          return twice.compareTo(DEFAULT_MAX_AGE) > 0 ? twice : DEFAULT_MAX_AGE;
        });
    BackupStatus status = mnemosyne.status(config, maxAge);
    List<Object> keys = new ArrayList<>();
    for (BackupStatus.KeyStatus key : status.keys()) {
      String line1 = key.lastSuccess()
          .map(at -> key.inFuture()
              ? "last backup recorded at " + Units.time(at) + ", "
                  + Units.age(key.age().orElseThrow().negated())
                  + " in the future: the clock of this host or the record is wrong"
              : "last backup " + Units.time(at) + ", " + Units.age(key.age().orElseThrow())
                  + " ago")
          .orElse("no successful backup recorded on this host");
      console.result(console.mark(!key.problem()) + " " + key.key() + ": " + line1
          + (key.tooOld() ? " (older than " + Units.age(maxAge) + ")" : ""));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("key", key.key());
      json.put("lastSuccess", key.lastSuccess().map(Instant::toString));
      json.put("ageSeconds", key.age().map(Duration::toSeconds));
      json.put("tooOld", key.tooOld());
      json.put("inFuture", key.inFuture());
      keys.add(json);
    }
    report.put("maxAgeHours", maxAge.toSeconds() / 3600.0);
    report.put("keys", keys);
    report.put("fresh", status.fresh());
    if (status.fresh()) {
      return ExitCode.SUCCESS;
    }
    long old = status.keys().stream().filter(BackupStatus.KeyStatus::tooOld).count();
    long future =
        status.keys().stream().filter(BackupStatus.KeyStatus::inFuture).count();
    String of =
        " of " + status.keys().size() + (status.keys().size() == 1 ? " key has" : " keys have");
    if (old > 0) {
      console.error(old + of + " no successful backup within " + Units.age(maxAge));
    }
    if (future > 0) {
      console.error(future + of
          + " a last backup recorded in the future: check this host's clock (date, timedatectl);"
          + " the next successful backup replaces the record");
    }
    return ExitCode.BACKUP_TOO_OLD;
  }

  /** How long {@code --verify} lets the scrub run by default. */
  static final Duration DEFAULT_SCRUB_TIMEOUT = Duration.ofHours(2);
  /** How many files per key {@code --verify} compares by default. */
  static final int DEFAULT_SAMPLE = 1000;

  ExitCode verify(CommandLine line) {
    CommandLine.ActionOptions o = line.options();
    VerifyOptions options = new VerifyOptions(
        o.scrubTimeoutMinutes()
            .map(m -> Duration.ofMillis(Math.max(1, Math.round(m * 60_000))))
            .orElse(DEFAULT_SCRUB_TIMEOUT),
        o.all() ? Optional.empty() : Optional.of(o.sample().orElse(DEFAULT_SAMPLE)));
    VerifyReport result = mnemosyne.verify(config, options);
    ScrubResult scrub = result.scrub();
    console.result(console.mark(scrub.errors() == 0 && scrub.finished()) + " scrub: "
        + (scrub.finished()
            ? "finished"
            : "stopped after " + Units.age(options.scrubTimeout()) + ", not finished")
        + ", " + (scrub.errors() == 0 ? "no errors" : scrub.errors() + " errors"));
    scrub.summary().forEach(l -> console.info("    " + l));
    List<Object> keys = new ArrayList<>();
    for (VerifyReport.KeyCheck key : result.keys()) {
      String what = key.note()
          .orElse(key.compared() + " of " + key.eligible() + " unchanged files compared, "
              + (key.differing() == 0 ? "all identical" : key.differing() + " differ"));
      console.result(console.mark(key.differing() == 0) + " " + key.key() + ": " + what);
      key.differences().forEach(d -> console.result("    " + d.problem() + ": " + d.path()));
      if (key.truncated()) {
        console.result("    ... and " + (key.differing() - key.differences().size()) + " more");
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("key", key.key());
      json.put("source", key.source().toString());
      json.put("lastSync", key.lastSync().map(Instant::toString));
      json.put("eligible", key.eligible());
      json.put("compared", key.compared());
      json.put("differing", key.differing());
      json.put("differencesTruncated", key.truncated());
      json.put(
          "differences",
          key.differences().stream()
              .map(d -> {
                Map<String, Object> difference = new LinkedHashMap<>();
                difference.put("path", d.path());
                difference.put("problem", d.problem());
                return difference;
              })
              .toList());
      json.put("note", key.note());
      keys.add(json);
    }
    Map<String, Object> scrubJson = new LinkedHashMap<>();
    scrubJson.put("finished", scrub.finished());
    scrubJson.put("errors", scrub.errors());
    scrubJson.put("summary", scrub.summary());
    report.put("scrub", scrubJson);
    report.put("keys", keys);
    report.put("clean", result.clean());
    if (!result.clean()) {
      console.error("the store has errors or differs from the sources: see above");
      return ExitCode.FAILURE;
    }
    if (!scrub.finished()) {
      console.warn("the scrub did not finish within " + Units.age(options.scrubTimeout())
          + "; what it read was sound");
      return ExitCode.WARNINGS;
    }
    return ExitCode.SUCCESS;
  }

  ExitCode exportRecoveryKit(CommandLine line) {
    RecoveryKit kit =
        mnemosyne.exportRecoveryKit(config, line.options().kitDirectory().orElseThrow());
    kit.files().forEach(f -> console.result(f.toString()));
    report.put("directory", kit.directory().toString());
    report.put("files", kit.files().stream().map(Path::toString).toList());
    return ExitCode.SUCCESS;
  }

  ExitCode unmount() {
    mnemosyne.unmount(config);
    console.info("nothing of store " + config.store().name() + " is mounted or open any more");
    return ExitCode.SUCCESS;
  }
}
