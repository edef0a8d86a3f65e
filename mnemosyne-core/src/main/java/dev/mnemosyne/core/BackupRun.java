package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.core.port.SpaceUsage;
import dev.mnemosyne.core.port.Transfer;
import dev.mnemosyne.core.port.TransferStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup: opens the store (adopting one the original tool made), backs up each configured
 * directory in turn, tears down, records on this client which keys succeeded and reports.
 */
final class BackupRun {
  private static final Logger log = LoggerFactory.getLogger(BackupRun.class);
  /** Less free space than this on the remote after a failed write means the image could not grow. */
  private static final long FULL_REMOTE_BYTES = 64L << 20;

  private final StoreSession session;
  private final RunContext context;
  private final Transfer transfer;
  private final BackupHooks hooks;
  private final Path runtimeDirectory;
  private final Optional<Path> stateDirectory;
  private final BackupConfig config;

  BackupRun(
      StoreSession session,
      RunContext context,
      Transfer transfer,
      BackupHooks hooks,
      Path runtimeDirectory,
      Optional<Path> stateDirectory) {
    this.session = session;
    this.context = context;
    this.transfer = transfer;
    this.hooks = hooks;
    this.runtimeDirectory = runtimeDirectory;
    this.stateDirectory = stateDirectory;
    this.config = session.config();
  }

  BackupReport run() {
    hooks.requireSafeConfiguration();
    session.requireKey();
    for (SourceDirectory source : config.directories()) {
      SourceChecks.problem(source).ifPresent(problem -> {
        throw new EnvironmentNotReadyException(problem);
      });
    }
    SourceOverlaps.beforeMounting(config, Optional.of(runtimeDirectory));
    Instant started = context.clock().instant();
    List<String> warnings = new ArrayList<>();
    List<DirectoryReport> directories = new ArrayList<>();
    Resources lock = Resources.announcing(context.listener(), session.id().value());
    Resources resources = Resources.announcing(context.listener(), session.id().value());
    Optional<MnemosyneException> failure = Optional.empty();
    session.beforeMounting(hooks::before);
    try {
      MountedFilesystem fs = session.openStore(lock, resources, warnings);
      List<SourceOverlaps.LeftOut> leftOut = leftOut();
      session.step(Step.READ_STORE, fs.root().toString());
      session.marker().checkOrAdopt(fs);
      StageKeeper keeper = new StageKeeper(
          fs,
          transfer,
          config.strategy(),
          config.store().compression(),
          context.clock(),
          context.listener());
      for (SourceDirectory source : config.directories()) {
        if (Thread.currentThread().isInterrupted()) {
          break;
        }
        context
            .listener()
            .on(new BackupEvent.DirectoryStarted(source.key().value(), source.directory()));
        DirectoryReport report = keeper.backUp(source, SourceOverlaps.patternsFor(source, leftOut));
        directories.add(report);
        context.listener().on(new BackupEvent.DirectoryFinished(report));
        if (report.failure().filter(BackupRun::stopsTheRun).isPresent()) {
          break;
        }
      }
    } catch (StoreLockedException e) {
      resources.release(Optional.of(e));
      lock.releaseOrThrow(Optional.of(e));
      throw e;
    } catch (RuntimeException | Error e) {
      failure = Optional.of(Failures.asMnemosyne(e));
    }
    if (failure.isEmpty()) {
      failure = directories.stream()
          .map(DirectoryReport::failure)
          .flatMap(Optional::stream)
          .findFirst();
    }
    List<SourceDirectory> notReached =
        config.directories().subList(directories.size(), config.directories().size());
    if (failure.isEmpty() && !notReached.isEmpty()) {
      failure = Optional.of(interrupted(notReached));
    }
    failure = failure.map(this::explainFullRemote);
    failure = resources.release(failure);
    recordStatus(directories, warnings);
    for (SourceDirectory source : notReached) {
      directories.add(new DirectoryReport(
          source.key().value(),
          source.directory(),
          DirectoryReport.Status.SKIPPED,
          false,
          TransferStats.NONE,
          Duration.ZERO,
          List.of(),
          failure));
    }
    BackupReport report = new BackupReport(
        started,
        Duration.between(started, context.clock().instant()),
        directories,
        warnings,
        failure);
    if (!lock.isEmpty()) {
      // Still under the lock, so that the after hook of one run never overlaps the next run's
      // before hook.
      report = hooks.after(report);
    }
    Optional<MnemosyneException> end = lock.release(report.failure());
    Instant finished = context.clock().instant();
    BackupReport finalReport = new BackupReport(
        started, Duration.between(started, finished), report.directories(), report.warnings(), end);
    context.listener().on(new BackupEvent.RunFinished(finalReport));
    return finalReport;
  }

  /** Why the run stopped before {@code notReached} when nothing failed: the thread was interrupted between directories. */
  private static MnemosyneException interrupted(List<SourceDirectory> notReached) {
    return new StepFailedException(
        Step.TRANSFER,
        StepFailedException.Reason.CANCELLED,
        "the run was interrupted" + " before backing up "
            + notReached.stream().map(d -> d.key().value()).collect(Collectors.joining(", ")));
  }

  /**
   * What the sources leave out of their copies now that the remote is mounted and its real
   * place is known, each said once; a source inside the remote fails the run before any copy.
   */
  private List<SourceOverlaps.LeftOut> leftOut() {
    Path remote = session.remote().orElseThrow().directory();
    List<SourceOverlaps.LeftOut> leftOut = SourceOverlaps.mounted(
        config,
        Optional.of(runtimeDirectory),
        remote,
        remote.resolve(config.store().name()));
    leftOut.forEach(l -> context.listener().on(new BackupEvent.Notice(l.describe())));
    return leftOut;
  }

  /**
   * A write into the store that failed because the remote under its sparse image is full reads
   * as an I/O error; while the remote is still mounted, this tells it for what it is.
   */
  private MnemosyneException explainFullRemote(MnemosyneException failure) {
    if (context.dryRun()
        || session.remote().isEmpty()
        || !(failure instanceof StepFailedException step)
        || step.reason() != StepFailedException.Reason.ERROR) {
      return failure;
    }
    SpaceUsage share;
    try {
      share = session.remote().get().space();
    } catch (RuntimeException e) {
      return failure;
    }
    if (share.totalBytes() <= 0 || share.freeBytes() >= FULL_REMOTE_BYTES) {
      return failure;
    }
    return new StepFailedException(
        step.step(),
        StepFailedException.Reason.NO_SPACE,
        "the remote is full ("
            + SpaceReport.describe(share)
            + " free), so the store image cannot grow and the last changes were not"
            + " written; free space on the remote and run again (" + failure.getMessage() + ")",
        failure);
  }

  /** Records on this client which keys were backed up successfully; a failure to is a warning. */
  private void recordStatus(List<DirectoryReport> directories, List<String> warnings) {
    if (context.dryRun() || stateDirectory.isEmpty()) {
      return;
    }
    List<StageKey> synced = directories.stream()
        .filter(d -> d.status() == DirectoryReport.Status.SYNCED
            || d.status() == DirectoryReport.Status.SYNCED_WITH_WARNINGS)
        .map(d -> new StageKey(d.key()))
        .collect(Collectors.toList());
    if (synced.isEmpty()) {
      return;
    }
    StatusFile file = new StatusFile(stateDirectory.get(), session.id());
    try {
      file.record(synced, context.clock().instant());
    } catch (IOException | RuntimeException e) {
      String warning =
          "cannot record the backup's status in " + file.path() + ": " + e.getMessage();
      log.warn(warning);
      context.listener().on(new BackupEvent.Warning(warning));
      warnings.add(warning);
    }
  }

  private static boolean stopsTheRun(MnemosyneException e) {
    return e instanceof StepFailedException step
        && (step.reason() == StepFailedException.Reason.CANCELLED);
  }
}
