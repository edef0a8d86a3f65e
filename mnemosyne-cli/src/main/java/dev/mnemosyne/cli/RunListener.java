package dev.mnemosyne.cli;

import dev.mnemosyne.core.BackupEvent;
import dev.mnemosyne.core.BackupListener;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.TransferProgress;
import dev.mnemosyne.core.port.TransferStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows a run's events: on a terminal a live progress line per directory, otherwise a line
 * when each directory starts and ends; in a dry run, every step and command as the plan.
 * Keeps the warnings and the plan for the JSON report.
 */
final class RunListener implements BackupListener {
  private static final long PROGRESS_INTERVAL_NANOS = 200_000_000L;

  private final Console console;
  private final boolean dryRun;
  private final List<String> warnings = new ArrayList<>();
  private final List<String> plan = new ArrayList<>();
  private long lastProgress;

  RunListener(Console console, boolean dryRun) {
    this.console = console;
    this.dryRun = dryRun;
  }

  @Override
  public synchronized void on(BackupEvent event) {
    if (event instanceof BackupEvent.StepStarted step) {
      stepStarted(step);
    } else if (event instanceof BackupEvent.Progress progress) {
      progress(progress);
    } else if (event instanceof BackupEvent.DirectoryStarted started) {
      console.debug("backing up " + started.key() + " (" + started.source() + ")");
    } else if (event instanceof BackupEvent.DirectoryFinished finished) {
      console.info(summary(finished.report()));
    } else if (event instanceof BackupEvent.Warning warning) {
      warnings.add(warning.message());
      console.warn(warning.message());
    } else if (event instanceof BackupEvent.Notice notice) {
      console.info(notice.message());
    } else if (event instanceof BackupEvent.WouldRestore item) {
      console.result(item.path());
    }
  }

  /** A command the adapters ran (shown with {@code --verbose}) or, in a dry run, would run. */
  synchronized void command(String command) {
    if (dryRun) {
      String line = command.startsWith("would ") ? command : "$ " + command;
      plan.add(line);
      console.result("    " + line);
    } else {
      console.debug("  $ " + command);
    }
  }

  synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  synchronized List<String> plan() {
    return List.copyOf(plan);
  }

  private void stepStarted(BackupEvent.StepStarted step) {
    String line = step.step().description() + ": " + step.detail();
    if (dryRun) {
      plan.add(line);
      console.result("- " + line);
    } else if (step.step() == Step.TRANSFER) {
      console.info("copying " + step.detail());
    } else {
      console.debug("- " + line);
    }
  }

  private void progress(BackupEvent.Progress event) {
    long now = System.nanoTime();
    TransferProgress p = event.progress();
    if (now - lastProgress < PROGRESS_INTERVAL_NANOS && p.percent() < 100) {
      return;
    }
    lastProgress = now;
    StringBuilder line = new StringBuilder()
        .append(event.key())
        .append(": ")
        .append(Units.padded(p.percent(), 3))
        .append('%')
        .append("  ")
        .append(Units.count(p.filesTransferred()))
        .append(" files  ")
        .append(Units.bytes(p.bytesTransferred()))
        .append("  ")
        .append(Units.bytes(p.bytesPerSecond()))
        .append("/s");
    p.remaining().ifPresent(r -> line.append("  ETA ").append(Units.duration(r)));
    p.filesToCheck().ifPresent(n -> line.append("  (").append(Units.count(n)).append(" to check)"));
    console.progress(line.toString());
  }

  static String summary(DirectoryReport report) {
    TransferStats s = report.stats();
    String status = report.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    StringBuilder line = new StringBuilder()
        .append(report.key())
        .append(" (")
        .append(report.source())
        .append("): ")
        .append(status);
    if (report.rotated()) {
      line.append(", rotated");
    }
    if (report.status() != DirectoryReport.Status.SKIPPED
        && report.status() != DirectoryReport.Status.FAILED) {
      line.append("; ")
          .append(Units.count(s.files()))
          .append(" files, ")
          .append(Units.count(s.filesTransferred()))
          .append(" copied, ")
          .append(Units.count(s.filesDeleted()))
          .append(" deleted; ")
          .append(Units.bytes(s.bytesTransferred()))
          .append(" copied of ")
          .append(Units.bytes(s.bytes()));
    }
    line.append("; ").append(Units.duration(report.duration()));
    report.failure().ifPresent(f -> line.append("; ").append(f.getMessage()));
    return line.toString();
  }
}
