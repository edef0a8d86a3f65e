package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Suppliers;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.BlockSize;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.MirrorOptions;
import dev.mnemosyne.core.port.Transfer;
import dev.mnemosyne.core.port.TransferProgress;
import dev.mnemosyne.core.port.TransferResult;
import dev.mnemosyne.core.port.TransferResult.Completeness;
import dev.mnemosyne.core.port.TransferStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors directories with rsync:
 * {@code rsync -aHAX --numeric-ids --delete --inplace --no-whole-file --block-size=4096
 * --modify-window=-1 --info=progress2 --stats}. In-place delta writes keep unchanged blocks
 * shared with the snapshots (a local rsync would otherwise copy whole files), and a changed file
 * is rewritten in units of the directory's {@link BlockSize} (4 KiB unless it says otherwise;
 * automatic: rsync's own, about the square root of the file's size), so a kept point costs about
 * the changed bytes. Modification
 * times are compared to the nanosecond, so a same-size change within the second of the last copy
 * is not missed.
 *
 * <p>The first copy into an empty target adds {@code --sparse}: every file is new, so holes stay
 * holes and a sparse VM image takes the space of its data. Later copies leave it out, because
 * with {@code --inplace} rsync punches a hole for the zero bytes at the edge of every block it
 * writes, and btrfs rewrites a whole sector for each (nine times the changed bytes at 4 KiB
 * blocks). A file new in a later copy is written with its zeros, which the store's compression
 * (on by default) keeps to about a thirty-second of their size; a store without compression asks
 * for holes in updates too ({@link MirrorOptions#holesInUpdates()}), which it gets where the
 * host's rsync is 3.3.0 or later: older ones corrupt sparse files they update in place ({@link
 * RsyncVersion}; a warning says so). Restores always make holes again.
 *
 * <p>Exit 24 (files vanished) is a complete copy with a warning, 23 (some files not copied) a
 * partial one; a full target fails with {@code NO_SPACE}.
 */
final class RsyncTransfer implements Transfer {
  private static final Logger log = LoggerFactory.getLogger(RsyncTransfer.class);
  static final int PARTIAL_TRANSFER = 23;
  static final int VANISHED_FILES = 24;
  private static final String NO_SPACE = "No space left on device";
  private static final String VANISHED = "file has vanished:";
  /** How often a mirror reads rsync's progress at most; a person sees no finer steps. */
  static final Duration PROGRESS_INTERVAL = Duration.ofMillis(100);

  /** How many lines of rsync's error output a warning quotes. */
  static final int WARNING_LINES = 5;

  private final AdapterContext context;
  private final Consumer<String> output;
  /**
   * Whether updates may use {@code --sparse} where holes in updates are asked for: asked of the
   * host's rsync once, at the first such update.
   */
  private final Supplier<Boolean> sparseUpdates;

  RsyncTransfer(AdapterContext context, Consumer<String> output) {
    this.context = requireNonNull(context, "context");
    this.output = requireNonNull(output, "output");
    this.sparseUpdates = Suppliers.memoize(this::hostRsyncUpdatesSparseFilesCorrectly);
  }

  private boolean hostRsyncUpdatesSparseFilesCorrectly() {
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
        "rsync {} corrupts sparse files it updates in place (fixed in rsync {}), so files updated in"
            + " this store, which does not compress, take the full size of their zeros; update rsync"
            + " (Debian 12: bookworm-security)",
        version.map(RsyncVersion::toString).orElse("of unknown version"),
        RsyncVersion.SPARSE_IN_PLACE);
    return false;
  }

  /** Whether this mirror keeps holes: always on a first copy, in updates where asked and safe. */
  private boolean sparse(boolean firstCopy, MirrorOptions options) {
    return firstCopy || (options.holesInUpdates() && sparseUpdates.get());
  }

  static Command.Builder command(
      Path source, Path target, List<String> excludes, BlockSize blockSize, boolean sparse) {
    Command.Builder command = Command.of(Step.TRANSFER, "rsync")
        .args("-aHAX", "--numeric-ids", "--delete", "--inplace", "--no-whole-file");
    if (sparse) {
      command.arg("--sparse");
    }
    blockSize.fixedBytes().ifPresent(bytes -> command.arg("--block-size=" + bytes));
    command.args("--modify-window=-1", "--info=progress2", "--stats");
    excludes.forEach(pattern -> command.arg("--exclude=" + pattern));
    return command.arg(withSlash(source)).arg(withSlash(target)).timeLimit(Command.TimeLimit.NONE);
  }

  /** Whether {@code target} holds nothing yet: every file rsync writes there is new. */
  private boolean isFirstCopyInto(Path target) {
    if (context.isDryRun() || !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(target)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new StepFailedException(Step.TRANSFER, "cannot read " + target + ": " + e.getMessage());
    }
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
      Path source, Path target, MirrorOptions options, Consumer<TransferProgress> progress) {
    requireNonNull(source, "source");
    requireNonNull(target, "target");
    requireNonNull(options, "options");
    requireNonNull(progress, "progress");
    if (!context.isDryRun() && !Files.isDirectory(source)) {
      // rsync would call a missing source a partial transfer (exit 23).
      throw new StepFailedException(Step.TRANSFER, "the source " + source + " is not a directory");
    }
    RsyncOutput parsed = new RsyncOutput(PROGRESS_INTERVAL, System::nanoTime);
    AtomicBoolean noSpace = new AtomicBoolean();
    AtomicLong vanished = new AtomicLong();
    AtomicReference<String> firstVanished = new AtomicReference<>();
    List<String> allExcludes = new ArrayList<>(options.excludes());
    ownDirectoryIn(source).ifPresent(allExcludes::add);
    boolean firstCopy = isFirstCopyInto(target);
    Command command = command(
            source, target, allExcludes, options.blockSize(), sparse(firstCopy, options))
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
    CommandResult result;
    if (firstCopy) {
      result = context.runner().run(command);
    } else {
      // An update reads the live copy's metadata beside rsync (ReadAhead); a first copy has none.
      ReadAhead readAhead = ReadAhead.start(target);
      try {
        result = context.runner().run(command);
      } finally {
        readAhead.close();
      }
    }
    parsed.skippedProgress().ifPresent(p -> report(progress, p));
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
