package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.core.port.SpaceUsage;
import dev.mnemosyne.core.port.Step;
import dev.mnemosyne.core.port.StepFailedException;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The store's btrfs filesystem: made with {@code mkfs.btrfs}, mounted with {@code noatime} on
 * {@code <runtime>/<store>/store}, its stages kept as subvolumes with the {@code btrfs} tool.
 */
final class BtrfsFilesystem implements SnapshotFilesystem {
  static final String MOUNT_POINT = "store";
  /** The suffix of a state file while it is being written; such leftovers are not entries. */
  static final String TEMP_SUFFIX = ".mnemosyne-tmp";
  /** The inode number of every btrfs subvolume's root directory. */
  static final long SUBVOLUME_ROOT_INODE = 256;

  private final AdapterContext context;
  private final FreshDevices freshDevices;
  private final MountTable mounts;
  private final Unmounter unmounter;

  BtrfsFilesystem(AdapterContext context, FreshDevices freshDevices, MountTable mounts) {
    this.context = requireNonNull(context, "context");
    this.freshDevices = requireNonNull(freshDevices, "freshDevices");
    this.mounts = requireNonNull(mounts, "mounts");
    this.unmounter = new Unmounter(context, mounts);
  }

  @Override
  public void makeFilesystem(Path device, String label) {
    requireNonNull(device, "device");
    requireNonNull(label, "label");
    Command.Builder command = Command.of(Step.MAKE_FILESYSTEM, "mkfs.btrfs").arg("-q");
    if (freshDevices.isFresh(device)) {
      // Only a device opened from an image made in this run is formatted over what it seems to hold.
      command.arg("-f");
    }
    context.runner().runChecked(command.arg("-L").arg(label).arg(device).build());
  }

  @Override
  public MountedFilesystem mount(Path device, StoreId store) {
    requireNonNull(device, "device");
    requireNonNull(store, "store");
    Path mountPoint = context.privateDirectory(store, MOUNT_POINT, Step.MOUNT_FILESYSTEM);
    if (!context.isDryRun() && mounts.isMountPoint(mountPoint)) {
      throw new StepFailedException(Step.MOUNT_FILESYSTEM, mountPoint + " is mounted already (is another run of this"
          + " store active?)");
    }
    context.runner().runChecked(Command.of(Step.MOUNT_FILESYSTEM, "mount")
        .args("-t", "btrfs", "-o", "noatime").arg(device).arg(mountPoint).build());
    return new Mounted(mountPoint);
  }

  @Override
  public void cleanUp(StoreId store) {
    requireNonNull(store, "store");
    unmounter.unmountIfMounted(context.storeDirectory(store).resolve(MOUNT_POINT), Step.CLEAN_UP_LEFTOVERS);
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
      List<Entry> entries = new ArrayList<>();
      try (Stream<Path> children = Files.list(root)) {
        for (Path child : children.filter(p -> !p.getFileName().toString().endsWith(TEMP_SUFFIX))
            .sorted(Comparator.comparing(Path::toString)).toList()) {
          entries.add(entry(child));
        }
      } catch (IOException e) {
        throw new StepFailedException(Step.READ_STORE, "cannot list " + root + ": " + e, e);
      }
      return List.copyOf(entries);
    }

    private Entry entry(Path child) throws IOException {
      String name = child.getFileName().toString();
      if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
        return new Entry(name, Entry.Kind.FILE, false);
      }
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
          && ((Number) Files.getAttribute(child, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue()
              == SUBVOLUME_ROOT_INODE) {
        return new Entry(name, Entry.Kind.SUBVOLUME, isReadOnly(child));
      }
      return new Entry(name, Entry.Kind.OTHER, false);
    }

    private boolean isReadOnly(Path subvolume) {
      List<String> lines = context.runner().runChecked(Command.of(Step.READ_STORE, "btrfs")
          .args("property", "get", "-ts").arg(subvolume).arg("ro").build()).stdoutTail();
      return lines.stream().map(String::trim).anyMatch("ro=true"::equals);
    }

    @Override
    public void createSubvolume(String name) {
      Path target = child(name, Step.CREATE_SUBVOLUME);
      requireAbsent(target, Step.CREATE_SUBVOLUME);
      context.runner().runChecked(Command.of(Step.CREATE_SUBVOLUME, "btrfs")
          .args("subvolume", "create").arg(target).build());
    }

    @Override
    public void snapshotReadOnly(String source, String target) {
      Path from = child(source, Step.SNAPSHOT_SUBVOLUME);
      Path to = child(target, Step.SNAPSHOT_SUBVOLUME);
      // Given an existing directory, btrfs would put the snapshot inside it.
      requireAbsent(to, Step.SNAPSHOT_SUBVOLUME);
      context.runner().runChecked(Command.of(Step.SNAPSHOT_SUBVOLUME, "btrfs")
          .args("subvolume", "snapshot", "-r").arg(from).arg(to).build());
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
        throw new StepFailedException(Step.RENAME_SUBVOLUME, "cannot rename " + from + " to " + to + ": " + e, e);
      }
    }

    @Override
    public void deleteSubvolume(String name) {
      Path target = child(name, Step.DELETE_SUBVOLUME);
      context.runner().runChecked(Command.of(Step.DELETE_SUBVOLUME, "btrfs")
          .args("subvolume", "delete").arg(target).build());
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
      Path temp = root.resolve("." + name + TEMP_SUFFIX);
      try {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
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
        throw new StepFailedException(Step.WRITE_STATE, "cannot write " + file + ": " + e, e);
      }
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
        throw new StepFailedException(Step.CHECK_SPACE, "cannot read the free space of " + root + ": " + e, e);
      }
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
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\0")) {
        throw new StepFailedException(step, "'" + name + "' is not a plain name in the store's top directory");
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
