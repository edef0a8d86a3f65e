package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.Compression;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.model.TreeNodeSize;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.ScrubResult;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.core.port.SpaceUsage;
import dev.mnemosyne.core.port.SubvolumeDetails;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's btrfs filesystem: made with {@code mkfs.btrfs}, mounted with {@code noatime} and
 * the store's {@code compress=} option on {@code <runtime>/<store>/store}, its stages kept as
 * subvolumes with the {@code btrfs} tool, grown with {@code btrfs filesystem resize max}.
 */
final class BtrfsFilesystem implements SnapshotFilesystem {
  private static final Logger log = LoggerFactory.getLogger(BtrfsFilesystem.class);
  private static final Pattern ERROR_COUNT = Pattern.compile("[a-z_]+=(\\d+)");
  static final String MOUNT_POINT = "store";
  /** The suffix of a state file while it is being written; such leftovers are not entries. */
  static final String TEMP_SUFFIX = ".mnemosyne-tmp";
  /** The inode number of every btrfs subvolume's root directory. */
  static final long SUBVOLUME_ROOT_INODE = 256;
  /** The tree node size of a new store by default, on a machine whose pages are as large. */
  static final int SMALL_NODES = 4096;

  private final AdapterContext context;
  private final FreshDevices freshDevices;
  private final MountTable mounts;
  private final Unmounter unmounter;
  private final FilesystemInUse inUse;
  private final IntSupplier pageSize;

  BtrfsFilesystem(AdapterContext context, FreshDevices freshDevices, MountTable mounts) {
    this(context, freshDevices, mounts, FilesystemInUse.SYS_FS_BTRFS, PageSize::ofThisProcess);
  }

  BtrfsFilesystem(
      AdapterContext context, FreshDevices freshDevices, MountTable mounts, Path sysFsBtrfs) {
    this(context, freshDevices, mounts, sysFsBtrfs, PageSize::ofThisProcess);
  }

  /** {@code pageSize} gives the machine's memory page size in bytes, or 0 if it is not known. */
  BtrfsFilesystem(
      AdapterContext context,
      FreshDevices freshDevices,
      MountTable mounts,
      Path sysFsBtrfs,
      IntSupplier pageSize) {
    this.context = requireNonNull(context, "context");
    this.freshDevices = requireNonNull(freshDevices, "freshDevices");
    this.mounts = requireNonNull(mounts, "mounts");
    this.unmounter = new Unmounter(context, mounts);
    this.inUse = new FilesystemInUse(context, mounts, sysFsBtrfs);
    this.pageSize = requireNonNull(pageSize, "pageSize");
  }

  /**
   * Makes the store's filesystem with {@code mkfs.btrfs}, with the tree nodes {@code nodeSize}
   * names. {@link TreeNodeSize#DEFAULT} is 4 KiB nodes on a machine with 4 KiB pages: after a
   * snapshot, a kept point of many small changed files then costs about 40 % less than with
   * btrfs's 16 KiB nodes, at no measured cost in time locally and a few per cent of a no-change
   * run on a CIFS share, whose read-ahead absorbs most of the extra reads (docs/PERFORMANCE.md). With larger pages, where btrfs-progs
   * may make sectors, and so the smallest nodes, a page each, it is btrfs's own default.
   */
  @Override
  public void makeFilesystem(Path device, String label, TreeNodeSize nodeSize) {
    requireNonNull(device, "device");
    requireNonNull(label, "label");
    requireNonNull(nodeSize, "nodeSize");
    Command.Builder command = Command.of(Step.MAKE_FILESYSTEM, "mkfs.btrfs").arg("-q");
    if (freshDevices.isFresh(device)) {
      // Only a device opened from an image made in this run is formatted over what it seems to
      // hold.
      command.arg("-f");
    }
    nodeBytes(nodeSize).ifPresent(bytes -> command.args("--nodesize", Integer.toString(bytes)));
    context.runner().runChecked(command.arg("-L").arg(label).arg(device).build());
  }

  /** The {@code --nodesize} to give for {@code nodeSize}; empty for btrfs's own default. */
  private OptionalInt nodeBytes(TreeNodeSize nodeSize) {
    if (nodeSize != TreeNodeSize.DEFAULT) {
      return nodeSize.bytes();
    }
    int page = pageSize.getAsInt();
    log.debug(
        "memory pages of {} bytes: {} tree nodes",
        page,
        page == SMALL_NODES ? "4 KiB" : "btrfs's default");
    return page == SMALL_NODES ? OptionalInt.of(SMALL_NODES) : OptionalInt.empty();
  }

  @Override
  public MountedFilesystem mount(Path device, StoreId store, Compression compression) {
    requireNonNull(device, "device");
    requireNonNull(store, "store");
    requireNonNull(compression, "compression");
    Path mountPoint = context.privateDirectory(store, MOUNT_POINT, Step.MOUNT_FILESYSTEM);
    if (!context.isDryRun() && mounts.isMountPoint(mountPoint)) {
      throw new StepFailedException(
          Step.MOUNT_FILESYSTEM,
          mountPoint + " is mounted already (is another run of this" + " store active?)");
    }
    if (!context.isDryRun() && Files.exists(device)) {
      requireBtrfs(device);
    }
    String options = "noatime" + compression.mountOption().map(o -> "," + o).orElse("");
    // Once mounted, the filesystem's UUID is in /sys/fs/btrfs, which refuses any later mount of the
    // same image.
    try (Handle filesystemLock = inUse.lockUnlessMounted(device, store)) {
      context
          .runner()
          .runChecked(Command.of(Step.MOUNT_FILESYSTEM, "mount")
              .args("-t", "btrfs", "-o", options)
              .arg(device)
              .arg(mountPoint)
              .build());
    }
    return new Mounted(mountPoint);
  }

  /** Refuses, before mount tries and writes anything, a device whose content is no btrfs filesystem. */
  private static void requireBtrfs(Path device) {
    Optional<String> problem;
    try {
      problem = BtrfsSuperblock.problem(device);
    } catch (IOException e) {
      throw new StepFailedException(
          Step.MOUNT_FILESYSTEM, "cannot read " + device + ": " + e.getMessage(), e);
    }
    if (problem.isPresent()) {
      throw new StepFailedException(
          Step.MOUNT_FILESYSTEM, Reason.NOT_A_STORE, device + " " + problem.get());
    }
  }

  @Override
  public void cleanUp(StoreId store) {
    requireNonNull(store, "store");
    unmounter.unmountIfMounted(
        context.storeDirectory(store).resolve(MOUNT_POINT), Step.CLEAN_UP_LEFTOVERS);
  }

  private static final DateTimeFormatter SHOW_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT);

  /** The "Creation time" of {@code btrfs subvolume show}, e.g. {@code 2026-11-27 14:49:33 +0000}. */
  static Optional<Instant> creationTime(List<String> showOutput) {
    for (String line : showOutput) {
      String trimmed = line.trim();
      if (trimmed.startsWith("Creation time:")) {
        String value = trimmed.substring("Creation time:".length()).trim();
        try {
          return Optional.of(OffsetDateTime.parse(value, SHOW_TIME).toInstant());
        } catch (DateTimeParseException unreadable) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Total, exclusive and shared bytes from {@code btrfs filesystem du -s --raw}, whose second
   * line reads {@code 102400  0  102400  /path}; empty when the output has another form.
   */
  static List<Optional<Long>> diskUsage(List<String> duOutput) {
    for (String line : duOutput) {
      String[] words = line.trim().split("\\s+", 4);
      if (words.length == 4 && words[0].chars().allMatch(Character::isDigit)) {
        List<Optional<Long>> sizes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          sizes.add(
              words[i].chars().allMatch(Character::isDigit) && !words[i].isEmpty()
                  ? Optional.of(Long.parseLong(words[i]))
                  : Optional.empty());
        }
        return List.copyOf(sizes);
      }
    }
    return List.of();
  }

  private static final Pattern LIST_LINE =
      Pattern.compile("^ID \\d+ gen \\d+ top level \\d+ path (.+)$");

  /**
   * The path of one line of {@code btrfs subvolume list}, {@code ID 257 gen 9 top level 5 path
   * docs.1}: relative to the filesystem's top level, where the store is mounted, so a stage's
   * path is its name; empty for any other line.
   */
  static Optional<String> subvolumeListPath(String line) {
    Matcher m = LIST_LINE.matcher(line);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The size btrfs gives the filesystem on one device, and that device. */
  record DeviceSize(long bytes, Path path) {}

  private static final Pattern SHOW_DEVICE =
      Pattern.compile("^\\s*devid\\s+1\\s+size\\s+(\\d+)\\s+used\\s+\\d+\\s+path\\s+(\\S+)");

  /** The first device of {@code btrfs filesystem show --raw}: {@code devid 1 size 167772160 used … path /dev/loop0}. */
  static Optional<DeviceSize> deviceSize(List<String> showOutput) {
    for (String line : showOutput) {
      Matcher m = SHOW_DEVICE.matcher(line);
      if (m.find()) {
        return Optional.of(new DeviceSize(Long.parseLong(m.group(1)), Path.of(m.group(2))));
      }
    }
    return Optional.empty();
  }

  /**
   * The errors a scrub found, from its {@code Error summary:} line: {@code no errors found} is
   * none, {@code csum=3 verify=1} is four; an error summary in another form counts as one.
   */
  static long scrubErrors(List<String> summary) {
    for (String line : summary) {
      if (line.startsWith("Error summary:")) {
        String value = line.substring("Error summary:".length()).trim();
        if (value.equals("no errors found")) {
          return 0;
        }
        long errors = 0;
        Matcher m = ERROR_COUNT.matcher(value);
        while (m.find()) {
          errors += Long.parseLong(m.group(1));
        }
        return Math.max(1, errors);
      }
    }
    return 0;
  }

  /** A mounted store filesystem. */
  private final class Mounted implements MountedFilesystem {
    private final Path root;
    private boolean closed;

    Mounted(Path root) {
      this.root = root;
    }

    @Override
    public Path root() {
      return root;
    }

    @Override
    public List<Entry> entries() {
      if (context.isDryRun()) {
        return List.of();
      }
      List<Path> children;
      try (Stream<Path> listing = Files.list(root)) {
        children = listing
            .filter(p -> !p.getFileName().toString().endsWith(TEMP_SUFFIX))
            .sorted(Comparator.comparing(Path::toString))
            .toList();
      } catch (IOException e) {
        throw new StepFailedException(Step.READ_STORE, "cannot list " + root + ": " + e, e);
      }
      List<Entry> entries = new ArrayList<>();
      Optional<Set<String>> readOnly = Optional.empty();
      try {
        for (Path child : children) {
          String name = child.getFileName().toString();
          Entry.Kind kind = kind(child);
          if (kind == Entry.Kind.SUBVOLUME && readOnly.isEmpty()) {
            readOnly = Optional.of(readOnlySubvolumes());
          }
          entries.add(new Entry(
              name, kind, kind == Entry.Kind.SUBVOLUME && readOnly.get().contains(name)));
        }
      } catch (IOException e) {
        throw new StepFailedException(Step.READ_STORE, "cannot list " + root + ": " + e, e);
      }
      return List.copyOf(entries);
    }

    private Entry.Kind kind(Path child) throws IOException {
      if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
        return Entry.Kind.FILE;
      }
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
          && ((Number) Files.getAttribute(child, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue()
              == SUBVOLUME_ROOT_INODE) {
        return Entry.Kind.SUBVOLUME;
      }
      return Entry.Kind.OTHER;
    }

    /**
     * The names of the read-only subvolumes in the top directory, from one {@code btrfs subvolume
     * list -o -r} (instead of a {@code btrfs property get} per subvolume); every line is read,
     * however many stages there are.
     */
    private Set<String> readOnlySubvolumes() {
      Set<String> names = ConcurrentHashMap.newKeySet();
      context
          .runner()
          .runChecked(Command.of(Step.READ_STORE, "btrfs")
              .args("subvolume", "list", "-o", "-r")
              .arg(root)
              .stdout(line -> subvolumeListPath(line).ifPresent(names::add))
              .build());
      return Set.copyOf(names);
    }

    @Override
    public void createSubvolume(String name) {
      Path target = child(name, Step.CREATE_SUBVOLUME);
      requireAbsent(target, Step.CREATE_SUBVOLUME);
      context
          .runner()
          .runChecked(Command.of(Step.CREATE_SUBVOLUME, "btrfs")
              .args("subvolume", "create")
              .arg(target)
              .build());
    }

    @Override
    public void snapshotReadOnly(String source, String target) {
      Path from = child(source, Step.SNAPSHOT_SUBVOLUME);
      Path to = child(target, Step.SNAPSHOT_SUBVOLUME);
      // Given an existing directory, btrfs would put the snapshot inside it.
      requireAbsent(to, Step.SNAPSHOT_SUBVOLUME);
      context
          .runner()
          .runChecked(Command.of(Step.SNAPSHOT_SUBVOLUME, "btrfs")
              .args("subvolume", "snapshot", "-r")
              .arg(from)
              .arg(to)
              .build());
    }

    @Override
    public void rename(String source, String target) {
      Path from = child(source, Step.RENAME_SUBVOLUME);
      Path to = child(target, Step.RENAME_SUBVOLUME);
      if (context.isDryRun()) {
        context.describe("would rename " + from + " to " + to);
        return;
      }
      requireAbsent(to, Step.RENAME_SUBVOLUME);
      try {
        Files.move(from, to);
      } catch (IOException e) {
        throw new StepFailedException(
            Step.RENAME_SUBVOLUME, "cannot rename " + from + " to " + to + ": " + e, e);
      }
    }

    @Override
    public void deleteSubvolume(String name) {
      Path target = child(name, Step.DELETE_SUBVOLUME);
      context
          .runner()
          .runChecked(Command.of(Step.DELETE_SUBVOLUME, "btrfs")
              .args("subvolume", "delete")
              .arg(target)
              .build());
    }

    @Override
    public Optional<String> readState(String name) {
      Path file = child(name, Step.READ_STATE);
      if (context.isDryRun()) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw new StepFailedException(Step.READ_STATE, "cannot read " + file + ": " + e, e);
      }
    }

    @Override
    public void writeState(String name, String content) {
      Path file = child(name, Step.WRITE_STATE);
      requireNonNull(content, "content");
      if (context.isDryRun()) {
        context.describe("would write " + file);
        return;
      }
      // Commits everything written before the record first, or fails here: a record (say, "this
      // copy is
      // complete") must never reach the image without what it speaks of. Without it a copy into an
      // image whose
      // remote is full "succeeds" in the page cache and is lost, or half lost, when the store is
      // unmounted.
      context
          .runner()
          .runChecked(Command.of(Step.WRITE_STATE, "btrfs")
              .args("filesystem", "sync")
              .arg(root)
              .build());
      writeRecord(file, name, content);
    }

    /** The record alone: its own fsync and its directory's make it durable, with no commit of earlier writes. */
    @Override
    public void writeMark(String name, String content) {
      Path file = child(name, Step.WRITE_STATE);
      requireNonNull(content, "content");
      if (context.isDryRun()) {
        context.describe("would write " + file);
        return;
      }
      writeRecord(file, name, content);
    }

    private void writeRecord(Path file, String name, String content) {
      Path temp = root.resolve("." + name + TEMP_SUFFIX);
      try {
        try (FileChannel channel = FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
          ByteBuffer bytes = StandardCharsets.UTF_8.encode(content);
          while (bytes.hasRemaining()) {
            channel.write(bytes);
          }
          channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(root, StandardOpenOption.READ)) {
          directory.force(true);
        }
      } catch (IOException e) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the write failed already; that is the error to report
        }
        boolean full = String.valueOf(e.getMessage()).contains(CommandRunner.NO_SPACE);
        throw new StepFailedException(
            Step.WRITE_STATE,
            full ? Reason.NO_SPACE : Reason.ERROR,
            (full ? "the store is full: " : "") + "cannot write " + file + ": " + e,
            e);
      }
    }

    @Override
    public SubvolumeDetails details(String name) {
      Path subvolume = child(name, Step.READ_STORE);
      if (context.isDryRun()) {
        return SubvolumeDetails.UNKNOWN;
      }
      if (!isSubvolume(subvolume)) {
        throw new StepFailedException(Step.READ_STORE, subvolume + " is not a subvolume");
      }
      Optional<Instant> created = creationTime(context
          .runner()
          .runChecked(Command.of(Step.READ_STORE, "btrfs")
              .args("subvolume", "show")
              .arg(subvolume)
              .build())
          .stdoutTail());
      CommandResult du = context
          .runner()
          .run(Command.of(Step.READ_STORE, "btrfs")
              .args("filesystem", "du", "-s", "--raw")
              .arg(subvolume)
              .timeLimit(Command.TimeLimit.NONE)
              .build());
      List<Optional<Long>> sizes = du.exitCode() == 0 ? diskUsage(du.stdoutTail()) : List.of();
      if (sizes.isEmpty()) {
        log.debug("btrfs filesystem du of {} told no sizes: {}", subvolume, du.errorText());
        return new SubvolumeDetails(created, Optional.empty(), Optional.empty(), Optional.empty());
      }
      return new SubvolumeDetails(created, sizes.get(0), sizes.get(1), sizes.get(2));
    }

    private boolean isSubvolume(Path child) {
      try {
        return Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
            && ((Number) Files.getAttribute(child, "unix:ino", LinkOption.NOFOLLOW_LINKS))
                    .longValue()
                == SUBVOLUME_ROOT_INODE;
      } catch (IOException e) {
        throw new StepFailedException(Step.READ_STORE, "cannot read " + child + ": " + e, e);
      }
    }

    @Override
    public ScrubResult scrub(Duration timeout) {
      requireNonNull(timeout, "timeout");
      Command start = Command.of(Step.SCRUB, "btrfs")
          .args("scrub", "start", "-B")
          .arg(root)
          .timeLimit(Command.TimeLimit.NONE)
          .build();
      if (context.isDryRun()) {
        context.runner().run(start);
        return new ScrubResult(true, 0, List.of());
      }
      AtomicBoolean timedOut = new AtomicBoolean();
      Thread watchdog = new Thread(
          () -> {
            try {
              Thread.sleep(timeout.toMillis());
            } catch (InterruptedException finished) {
              return;
            }
            timedOut.set(true);
            context
                .runner()
                .run(Command.of(Step.SCRUB, "btrfs")
                    .args("scrub", "cancel")
                    .arg(root)
                    .build());
          },
          "mnemosyne-scrub-timeout");
      watchdog.setDaemon(true);
      watchdog.start();
      CommandResult result;
      try {
        result = context.runner().run(start);
      } finally {
        watchdog.interrupt();
        try {
          watchdog.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      List<String> summary = result.stdoutTail().stream()
          .map(String::trim)
          .filter(l -> l.startsWith("Status:")
              || l.startsWith("Duration:")
              || l.startsWith("Total to scrub:")
              || l.startsWith("Error summary:")
              || l.startsWith("Corrected:")
              || l.startsWith("Uncorrectable:"))
          .toList();
      long errors = scrubErrors(summary);
      if (timedOut.get()) {
        return new ScrubResult(false, errors, summary);
      }
      if (result.exitCode() != 0 && errors == 0) {
        throw CommandRunner.failure(start, result, StepFailedException.Reason.ERROR);
      }
      return new ScrubResult(true, errors, summary);
    }

    @Override
    public SpaceUsage space() {
      if (context.isDryRun()) {
        return new SpaceUsage(0, 0);
      }
      try {
        FileStore store = Files.getFileStore(root);
        return new SpaceUsage(store.getTotalSpace(), store.getUsableSpace());
      } catch (IOException e) {
        throw new StepFailedException(
            Step.CHECK_SPACE, "cannot read the free space of " + root + ": " + e, e);
      }
    }

    /**
     * {@code btrfs filesystem resize max}: the filesystem takes its whole device. Skipped when
     * {@code btrfs filesystem show} says it does already (btrfs refuses a "resize" to less than
     * 256 MiB even when nothing changes).
     */
    @Override
    public void growToFill() {
      List<String> show = context
          .runner()
          .runChecked(Command.of(Step.GROW_FILESYSTEM, "btrfs")
              .args("filesystem", "show", "--raw")
              .arg(root)
              .build())
          .stdoutTail();
      Optional<DeviceSize> device = deviceSize(show);
      if (device.isPresent() && !context.isDryRun()) {
        List<String> size = context
            .runner()
            .runChecked(Command.of(Step.GROW_FILESYSTEM, "blockdev")
                .arg("--getsize64")
                .arg(device.get().path())
                .build())
            .stdoutTail();
        Optional<Long> bytes = size.stream()
            .map(String::trim)
            .filter(l -> l.matches("\\d+"))
            .map(Long::parseLong)
            .findFirst();
        if (bytes.isPresent() && device.get().bytes() >= bytes.get()) {
          log.debug("{} fills {} already", root, device.get().path());
          return;
        }
      }
      context
          .runner()
          .runChecked(Command.of(Step.GROW_FILESYSTEM, "btrfs")
              .args("filesystem", "resize", "max")
              .arg(root)
              .build());
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      unmounter.unmount(root, Step.UNMOUNT_FILESYSTEM);
      context.removeDirectoryQuietly(root);
      closed = true;
    }

    private Path child(String name, Step step) {
      requireNonNull(name, "name");
      if (name.isEmpty()
          || name.equals(".")
          || name.equals("..")
          || name.contains("/")
          || name.contains("\0")) {
        throw new StepFailedException(
            step, "'" + name + "' is not a plain name in the store's top directory");
      }
      return root.resolve(name);
    }

    private void requireAbsent(Path target, Step step) {
      if (!context.isDryRun() && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new StepFailedException(step, target + " exists already");
      }
    }
  }
}
