package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Suppliers;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.Transfer;
import dev.mnemosyne.core.port.TransferProgress;
import dev.mnemosyne.core.port.TransferResult;
import dev.mnemosyne.core.port.TransferResult.Completeness;
import dev.mnemosyne.core.port.TransferStats;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors directories with rsync:
 * {@code rsync -aHAX --numeric-ids --delete --inplace --no-whole-file --sparse --modify-window=-1
 * --info=progress2 --stats}. Modification times are compared to the nanosecond, so a same-size change
 * within the second of the last copy is not missed; holes stay holes ({@code --sparse}), so a sparse VM
 * image takes the space of its data, not of its size. {@code --sparse} is left out, with a warning,
 * where the host's rsync is older than 3.3.0, which corrupts sparse files it updates in place
 * ({@link RsyncVersion}); restores write new files and always keep holes.
 * In-place delta writes keep unchanged blocks shared with the snapshots (a local rsync would
 * otherwise copy whole files). Exit 24 (files vanished) is a complete copy with a warning, 23
 * (some files not copied) a partial one; a full target fails with {@code NO_SPACE}.
 */
final class RsyncTransfer implements Transfer {
  private static final Logger log = LoggerFactory.getLogger(RsyncTransfer.class);
  static final int PARTIAL_TRANSFER = 23;
  static final int VANISHED_FILES = 24;
  private static final String NO_SPACE = "No space left on device";
  private static final String VANISHED = "file has vanished:";
  /** How many lines of rsync's error output a warning quotes. */
  static final int WARNING_LINES = 5;

  private final AdapterContext context;
  private final Consumer<String> output;
  /** Whether mirrors may use {@code --sparse}: asked of the host's rsync once, at the first mirror. */
  private final Supplier<Boolean> sparse;

  RsyncTransfer(AdapterContext context, Consumer<String> output) {
    this.context = requireNonNull(context, "context");
    this.output = requireNonNull(output, "output");
    this.sparse = Suppliers.memoize(this::hostRsyncKeepsSparseFilesCorrect);
  }

  /** With a known answer to whether the host's rsync may update sparse files in place, for tests. */
  RsyncTransfer(AdapterContext context, Consumer<String> output, boolean sparseInPlace) {
    this.context = requireNonNull(context, "context");
    this.output = requireNonNull(output, "output");
    this.sparse = () -> sparseInPlace;
  }

  private boolean hostRsyncKeepsSparseFilesCorrect() {
    if (context.isDryRun()) {
      return true;
    }
    Command query = Command.of(Step.TRANSFER, "rsync").arg("--version").build();
    CommandResult result = context.runner().run(query);
    Optional<RsyncVersion> version =
        result.succeeded() ? RsyncVersion.parse(result.stdoutTail()) : Optional.empty();
    if (version.isPresent() && version.get().updatesSparseFilesInPlaceCorrectly()) {
      return true;
    }
    log.warn(
        "rsync {} corrupts sparse files it updates in place (fixed in rsync {}), so sparse files are copied"
            + " without their holes and take their full size in the store; update rsync (Debian 12: bookworm-security)",
        version.map(RsyncVersion::toString).orElse("of unknown version"),
        RsyncVersion.SPARSE_IN_PLACE);
    return false;
  }

  static Command.Builder command(Path source, Path target, List<String> excludes, boolean sparse) {
    Command.Builder command = Command.of(Step.TRANSFER, "rsync")
        .args("-aHAX", "--numeric-ids", "--delete", "--inplace", "--no-whole-file");
    if (sparse) {
      command.arg("--sparse");
    }
    command.args("--modify-window=-1", "--info=progress2", "--stats");
    excludes.forEach(pattern -> command.arg("--exclude=" + pattern));
    return command.arg(withSlash(source)).arg(withSlash(target)).timeLimit(Command.TimeLimit.NONE);
  }

  /**
   * An exclude pattern for the runtime directory when it lies inside {@code source}: the
   * stores' mount points are never copied, or a backup of {@code /} would copy the store into
   * itself. Other filesystems mounted inside a source are copied, as {@code rsync -a} does.
   */
  private Optional<String> ownDirectoryIn(Path source) {
    Path from = source.toAbsolutePath().normalize();
    Path own = context.runtimeDirectory().toAbsolutePath().normalize();
    if (own.equals(from) || !own.startsWith(from)) {
      return Optional.empty();
    }
    return Optional.of("/" + from.relativize(own) + "/");
  }

  private static String withSlash(Path dir) {
    String text = dir.toString();
    return text.endsWith("/") ? text : text + "/";
  }

  @Override
  public TransferResult mirror(
      Path source, Path target, List<String> excludes, Consumer<TransferProgress> progress) {
    requireNonNull(source, "source");
    requireNonNull(target, "target");
    requireNonNull(progress, "progress");
    if (!context.isDryRun() && !Files.isDirectory(source)) {
      // rsync would call a missing source a partial transfer (exit 23).
      throw new StepFailedException(Step.TRANSFER, "the source " + source + " is not a directory");
    }
    RsyncOutput parsed = new RsyncOutput();
    AtomicBoolean noSpace = new AtomicBoolean();
    AtomicLong vanished = new AtomicLong();
    AtomicReference<String> firstVanished = new AtomicReference<>();
    List<String> allExcludes = new ArrayList<>(excludes);
    ownDirectoryIn(source).ifPresent(allExcludes::add);
    Command command = command(source, target, allExcludes, sparse.get())
        .stdout(line -> {
          output.accept(line);
          parsed.accept(line).ifPresent(p -> report(progress, p));
        })
        .stderr(line -> {
          output.accept(line);
          log.debug("rsync: {}", line);
          if (line.contains(NO_SPACE)) {
            noSpace.set(true);
          }
          if (line.startsWith(VANISHED)) {
            vanished.incrementAndGet();
            firstVanished.compareAndSet(null, line.substring(VANISHED.length()).trim());
          }
        })
        .build();
    CommandResult result = context.runner().run(command);
    if (noSpace.get()) {
      throw new StepFailedException(
          Step.TRANSFER,
          Reason.NO_SPACE,
          "the store is full: " + command.commandLine() + " exited with " + result.exitCode() + ": "
              + result.errorText());
    }
    TransferStats stats = parsed.stats();
    return switch (result.exitCode()) {
      case 0 -> TransferResult.complete(stats);
      case VANISHED_FILES ->
        new TransferResult(
            stats,
            Completeness.COMPLETE_VANISHED_FILES,
            List.of(vanished(vanished.get(), Optional.ofNullable(firstVanished.get()))));
      case PARTIAL_TRANSFER ->
        new TransferResult(
            stats,
            Completeness.PARTIAL,
            List.of("some files could not be copied: " + lastLines(result, WARNING_LINES)));
      default -> throw CommandRunner.failure(command, result, Reason.ERROR);
    };
  }

  /** The prefix rsync writes before each restored path, so that other output is never taken for one. */
  static final String ITEM_PREFIX = "restore: ";

  static Command.Builder restoreCommand(Path source, Path target, boolean listOnly) {
    Command.Builder command =
        Command.of(Step.RESTORE, "rsync").args("-aHAX", "--numeric-ids", "--sparse");
    if (listOnly) {
      command.arg("--dry-run");
    }
    String from = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)
        ? withSlash(source)
        : source.toString();
    return command
        .arg("--out-format=" + ITEM_PREFIX + "%n")
        .arg(from)
        .arg(withSlash(target))
        .timeLimit(Command.TimeLimit.NONE);
  }

  @Override
  public long restore(Path source, Path target, boolean listOnly, Consumer<String> item) {
    requireNonNull(source, "source");
    requireNonNull(target, "target");
    requireNonNull(item, "item");
    AtomicLong items = new AtomicLong();
    AtomicBoolean noSpace = new AtomicBoolean();
    Command command = restoreCommand(source, target, listOnly)
        .stdout(line -> {
          output.accept(line);
          if (line.startsWith(ITEM_PREFIX) && !line.equals(ITEM_PREFIX + "./")) {
            items.incrementAndGet();
            item.accept(RsyncNames.readable(line.substring(ITEM_PREFIX.length())));
          }
        })
        .stderr(line -> {
          output.accept(line);
          log.debug("rsync: {}", line);
          if (line.contains(NO_SPACE)) {
            noSpace.set(true);
          }
        })
        .build();
    CommandResult result = context.runner().run(command);
    if (noSpace.get()) {
      throw new StepFailedException(
          Step.RESTORE,
          Reason.NO_SPACE,
          "the target is full: " + command.commandLine() + " exited with " + result.exitCode()
              + ": " + result.errorText());
    }
    if (result.exitCode() != 0) {
      throw CommandRunner.failure(command, result, Reason.ERROR);
    }
    return items.get();
  }

  private static String vanished(long count, Optional<String> first) {
    String files = count == 1 ? "1 file" : count > 1 ? count + " files" : "some files";
    return files + " vanished while the copy ran (normal on a live system)"
        + first.map(f -> ", e.g. " + f).orElse("");
  }

  /** The last few lines of rsync's error output: every line went to the log and the output consumer already. */
  private static String lastLines(CommandResult result, int count) {
    List<String> lines = result.stderrTail();
    List<String> last = lines.subList(Math.max(0, lines.size() - count), lines.size());
    return last.isEmpty() ? "(no error output)" : String.join("\n", last);
  }

  private static void report(Consumer<TransferProgress> progress, TransferProgress p) {
    try {
      progress.accept(p);
    } catch (RuntimeException e) {
      log.warn("a progress listener failed: {}", e.toString());
    }
  }
}
