package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.cli.MetricsTextfile.Family;
import dev.mnemosyne.core.BackupEvent;
import dev.mnemosyne.core.BackupListener;
import dev.mnemosyne.core.BackupStatus;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.port.SpaceUsage;
import dev.mnemosyne.core.port.TransferStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Collects what one command learns about the store (its directories' results, stage counts, free
 * space) from the run's events and, once the command has its exit code, merges it into the
 * metrics file ({@code --metrics-file} or {@code metrics.file}). Only commands that use the store
 * write it, and never in a dry run; what a run does not know is left as the file had it.
 */
final class RunMetrics implements BackupListener {
  /** The commands that use the store, and so write the metrics file. */
  static final Set<Action> USE_THE_STORE = EnumSet.of(
      Action.INIT_STORE,
      Action.BACKUP,
      Action.MOUNT,
      Action.UNMOUNT,
      Action.LIST,
      Action.RESTORE,
      Action.VERIFY,
      Action.EXPORT_RECOVERY_KIT);

  private final Clock clock;
  private final Instant started;
  private final List<DirectoryReport> directories = new ArrayList<>();
  private final Map<String, Integer> stages = new LinkedHashMap<>();
  private Optional<BackupEvent.SpaceMeasured> space = Optional.empty();
  private Optional<BackupConfig> config = Optional.empty();
  private Optional<Mnemosyne> mnemosyne = Optional.empty();

  RunMetrics(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    this.started = clock.instant();
  }

  @Override
  public synchronized void on(BackupEvent event) {
    if (event instanceof BackupEvent.DirectoryFinished finished) {
      directories.add(finished.report());
    } else if (event instanceof BackupEvent.StagesKept kept) {
      stages.put(kept.key(), kept.stages());
    } else if (event instanceof BackupEvent.SpaceMeasured measured) {
      space = Optional.of(measured);
    }
  }

  /** The run's configuration and core, once they are known (the last success times come from its record). */
  synchronized void configured(BackupConfig config, Mnemosyne mnemosyne) {
    this.config = Optional.of(config);
    this.mnemosyne = Optional.of(mnemosyne);
  }

  /** Where {@code line}'s run writes its metrics: the option, else the configuration's {@code metrics.file}. */
  static Optional<Path> file(CommandLine line, Optional<BackupConfig> config) {
    if (!USE_THE_STORE.contains(line.action()) || line.dryRun()) {
      return Optional.empty();
    }
    return line.options().metricsFile().or(() -> config.flatMap(BackupConfig::metricsFile));
  }

  /**
   * Writes the metrics of a run that ends with {@code code}, if it writes any; a file that
   * cannot be written is a warning, and turns a success into exit 3.
   */
  synchronized ExitCode write(CommandLine line, ExitCode code, Console console) {
    Optional<Path> file = file(line, config);
    if (file.isEmpty() || config.isEmpty()) {
      return code;
    }
    try {
      MetricsTextfile metrics = MetricsTextfile.read(file.get());
      update(metrics, line.action(), code);
      metrics.write(file.get());
      return code;
    } catch (IOException | RuntimeException e) {
      console.warn("cannot write the metrics file " + file.get() + ": " + e.getMessage());
      return code == ExitCode.SUCCESS ? ExitCode.WARNINGS : code;
    }
  }

  private void update(MetricsTextfile metrics, Action action, ExitCode code) {
    String store = config.orElseThrow().store().name();
    Instant now = clock.instant();
    Map<String, String> run = Map.of("store", store, "command", action.command());
    metrics.set(Family.RUN_TIMESTAMP, run, seconds(now));
    metrics.set(Family.RUN_DURATION, run, Duration.between(started, now).toMillis() / 1000.0);
    metrics.set(Family.RUN_EXIT_CODE, run, code.code());
    Map<String, String> ofStore = Map.of("store", store);
    space.ifPresent(s -> {
      set(metrics, Family.STORE_FREE, Family.STORE_SIZE, ofStore, s.store());
      set(metrics, Family.REMOTE_FREE, Family.REMOTE_SIZE, ofStore, s.remote());
    });
    Map<String, Instant> recorded = lastSuccesses();
    for (DirectoryReport d : directories) {
      Map<String, String> key = Map.of("store", store, "key", d.key());
      boolean synced = d.status() == DirectoryReport.Status.SYNCED
          || d.status() == DirectoryReport.Status.SYNCED_WITH_WARNINGS;
      metrics.set(Family.BACKUP_SUCCESS, key, synced ? 1 : 0);
      metrics.set(Family.BACKUP_DURATION, key, d.duration().toMillis() / 1000.0);
      if (d.status() == DirectoryReport.Status.FAILED) {
        List.of(
                Family.BACKUP_FILES,
                Family.BACKUP_COPIED_FILES,
                Family.BACKUP_BYTES,
                Family.BACKUP_COPIED_BYTES)
            .forEach(f -> metrics.remove(f, key));
      } else {
        TransferStats s = d.stats();
        metrics.set(Family.BACKUP_FILES, key, s.files());
        metrics.set(Family.BACKUP_COPIED_FILES, key, s.filesTransferred());
        metrics.set(Family.BACKUP_BYTES, key, s.bytes());
        metrics.set(Family.BACKUP_COPIED_BYTES, key, s.bytesTransferred());
      }
      if (synced) {
        recorded.merge(d.key(), now, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    if (action == Action.BACKUP) {
      // Directories the run stopped before are reported as not backed up.
      config.orElseThrow().directories().stream()
          .filter(
              s -> directories.stream().noneMatch(d -> d.key().equals(s.key().value())))
          .forEach(s -> metrics.set(
              Family.BACKUP_SUCCESS, Map.of("store", store, "key", s.key().value()), 0));
    }
    stages.forEach(
        (key, count) -> metrics.set(Family.STAGES, Map.of("store", store, "key", key), count));
    recorded.forEach((key, at) -> {
      Map<String, String> labels = Map.of("store", store, "key", key);
      double previous = metrics.get(Family.LAST_SUCCESS, labels).orElse(0.0);
      metrics.set(Family.LAST_SUCCESS, labels, Math.max(previous, seconds(at)));
    });
  }

  /** The last successes this host recorded for the store's keys; none if the record cannot be read. */
  private Map<String, Instant> lastSuccesses() {
    Map<String, Instant> last = new LinkedHashMap<>();
    try {
      BackupStatus status =
          mnemosyne.orElseThrow().status(config.orElseThrow(), Duration.ofDays(1));
      status.keys().forEach(k -> k.lastSuccess().ifPresent(at -> last.put(k.key(), at)));
    } catch (RuntimeException unreadable) {
      // the previous file still has them
    }
    return last;
  }

  private static void set(
      MetricsTextfile metrics,
      Family free,
      Family size,
      Map<String, String> labels,
      SpaceUsage usage) {
    if (usage.totalBytes() > 0) {
      metrics.set(free, labels, usage.freeBytes());
      metrics.set(size, labels, usage.totalBytes());
    }
  }

  private static double seconds(Instant at) {
    return at.toEpochMilli() / 1000.0;
  }
}
