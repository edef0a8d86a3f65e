package dev.mnemosyne.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.Compression;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.model.TreeNodeSize;
import dev.mnemosyne.core.port.ScrubResult;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.core.port.SpaceUsage;
import dev.mnemosyne.core.port.SubvolumeDetails;
import dev.mnemosyne.testkit.FakeFilesystemState.Subvolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@link SnapshotFilesystem} over directories: a subvolume is a directory the fake
 * registered as one, a snapshot is a full copy, and read-only subvolumes are kept in a
 * registry. The host cannot make a directory read-only for root, so writes into read-only
 * subvolumes are refused by {@link FakeTransfer} and {@link #writeFile}, and {@link
 * FakeStore} can tell whether a read-only stage changed since its snapshot. The filesystem's
 * size is that of its device unless {@link #capacity(long)} sets another; growing it makes it
 * its device's size (never smaller), as {@code btrfs filesystem resize max} does. Taking a
 * snapshot needs no room, as on btrfs, but its files then count as used space like any
 * others. Each mount records its compression ({@link #compression}); the files are not
 * compressed. The journal's {@link Operation#FILESYSTEM_MAKE} names the node size asked for
 * ({@code DEFAULT}, {@code KIB_4} …), which changes nothing else.
 */
public final class FakeSnapshotFilesystem implements SnapshotFilesystem {
  private final FakeWorld world;

  FakeSnapshotFilesystem(FakeWorld world) {
    this.world = world;
  }

  /**
   * Makes every filesystem, existing or made later, {@code bytes} large, so that a test can
   * fill a store up; growing a filesystem then makes it as large as its device.
   */
  public void capacity(long bytes) {
    checkArgument(bytes > 0, "capacity (%s) must be positive", bytes);
    synchronized (world) {
      world.storeCapacityBytes = Optional.of(bytes);
      world.filesystems.values().forEach(fs -> fs.sizeBytes = bytes);
    }
  }

  /** The compression the filesystem of {@code store} is mounted with, while it is mounted. */
  public Optional<Compression> compression(StoreId store) {
    synchronized (world) {
      return Optional.ofNullable((Mounted) world.mountedFilesystems.get(store))
          .map(m -> m.fs.compression);
    }
  }

  /** Whether a filesystem is mounted for {@code store}. */
  public boolean isMounted(StoreId store) {
    synchronized (world) {
      return world.mountedFilesystems.containsKey(store);
    }
  }

  /**
   * Writes a file as a user or program would, refusing (as the kernel does with {@code
   * EROFS}) to write into a read-only subvolume of any fake filesystem.
   */
  public void writeFile(Path file, String content) throws IOException {
    synchronized (world) {
      Optional<String> readOnly = readOnlySubvolumeOf(file);
      if (readOnly.isPresent()) {
        throw new IOException(file + ": Read-only file system (subvolume " + readOnly.get() + ")");
      }
      Files.writeString(file, content, StandardCharsets.UTF_8);
    }
  }

  /** The read-only subvolume of any fake filesystem that {@code path} lies in. */
  Optional<String> readOnlySubvolumeOf(Path path) {
    synchronized (world) {
      return world.filesystems.values().stream()
          .map(fs -> fs.readOnlySubvolumeOf(path))
          .flatMap(Optional::stream)
          .findFirst();
    }
  }

  /** The fake filesystem that holds {@code path}, if any. */
  Optional<FakeFilesystemState> filesystemHolding(Path path) {
    Path normal = path.toAbsolutePath().normalize();
    synchronized (world) {
      return world.filesystems.values().stream()
          .filter(fs -> normal.startsWith(fs.root))
          .findFirst();
    }
  }

  long capacityOf(FakeFilesystemState fs) {
    return fs.sizeBytes;
  }

  @Override
  public void makeFilesystem(Path device, String label, TreeNodeSize nodeSize) {
    requireNonNull(nodeSize, "nodeSize");
    world.run(Operation.FILESYSTEM_MAKE, List.of(device.toString(), label, nodeSize.name()), () -> {
      FakeWorld.FakeDevice fake = world.readDevice(device, Step.MAKE_FILESYSTEM);
      boolean mounted = world.mountedFilesystems.values().stream()
          .anyMatch(m -> ((Mounted) m).fs.uuid.equals(fake.uuid()));
      if (mounted) {
        throw new StepFailedException(Step.MAKE_FILESYSTEM, device + " is mounted");
      }
      Path root = world.volumeDirectory(fake.uuid()).resolve("fs");
      try {
        TreeCopier.deleteTree(root);
        Files.createDirectories(root);
      } catch (IOException e) {
        throw new StepFailedException(Step.MAKE_FILESYSTEM, e.getMessage(), e);
      }
      world.filesystems.put(
          fake.uuid(),
          new FakeFilesystemState(
              fake.uuid(), root, world.storeCapacityBytes.orElse(fake.sizeBytes())));
    });
  }

  @Override
  public MountedFilesystem mount(Path device, StoreId store, Compression compression) {
    return world.call(
        Operation.FILESYSTEM_MOUNT, List.of(device.toString(), store.value()), fault -> {
          if (world.mountedFilesystems.containsKey(store)) {
            throw new StepFailedException(
                Step.MOUNT_FILESYSTEM, "a filesystem of store " + store + " is mounted already");
          }
          FakeWorld.FakeDevice fake = world.readDevice(device, Step.MOUNT_FILESYSTEM);
          FakeFilesystemState fs = world.filesystems.get(fake.uuid());
          if (fs == null) {
            throw new StepFailedException(
                Step.MOUNT_FILESYSTEM, "wrong fs type: " + device + " holds no btrfs filesystem");
          }
          boolean elsewhere =
              world.mountedFilesystems.values().stream().anyMatch(m -> ((Mounted) m).fs == fs);
          if (elsewhere) {
            throw new StoreLockedException(
                "the store's filesystem (btrfs " + fs.uuid + ") is mounted already: another"
                    + " configuration names the same image, or it was mounted by hand; unmount it first",
                OptionalLong.empty());
          }
          Mounted mounted = new Mounted(store, fs, device);
          fs.compression = compression;
          world.mountedFilesystems.put(store, mounted);
          return mounted;
        });
  }

  @Override
  public void cleanUp(StoreId store) {
    world.run(Operation.FILESYSTEM_CLEAN_UP, List.of(store.value()), () -> {
      Mounted mounted = (Mounted) world.mountedFilesystems.get(store);
      if (mounted != null) {
        mounted.unmount(Step.CLEAN_UP_LEFTOVERS);
      }
    });
  }

  static void requirePlainName(String name, Step step) {
    if (name.isEmpty()
        || name.contains("/")
        || name.equals(".")
        || name.equals("..")
        || name.contains("\0")) {
      throw new StepFailedException(step, "'" + name + "' is not a plain name");
    }
  }

  final class Mounted implements MountedFilesystem {
    private final StoreId store;
    final FakeFilesystemState fs;
    final Path device;
    private boolean closed;

    Mounted(StoreId store, FakeFilesystemState fs, Path device) {
      this.store = store;
      this.fs = fs;
      this.device = device;
    }

    private void requireMounted(Step step) {
      if (world.mountedFilesystems.get(store) != this) {
        throw new StepFailedException(step, "the filesystem of store " + store + " is not mounted");
      }
    }

    @Override
    public Path root() {
      return fs.root;
    }

    @Override
    public List<Entry> entries() {
      return world.call(Operation.FILESYSTEM_ENTRIES, List.of(store.value()), fault -> {
        requireMounted(Step.READ_STORE);
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(fs.root)) {
          for (Path child : (Iterable<Path>) children.sorted()::iterator) {
            String name = child.getFileName().toString();
            Subvolume subvolume = fs.subvolumes.get(name);
            if (subvolume != null) {
              entries.add(new Entry(name, Entry.Kind.SUBVOLUME, subvolume.readOnly()));
            } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
              entries.add(new Entry(name, Entry.Kind.FILE, false));
            } else {
              entries.add(new Entry(name, Entry.Kind.OTHER, false));
            }
          }
        } catch (IOException e) {
          throw new StepFailedException(Step.READ_STORE, e.getMessage(), e);
        }
        return List.copyOf(entries);
      });
    }

    @Override
    public void createSubvolume(String name) {
      world.run(Operation.FILESYSTEM_CREATE_SUBVOLUME, List.of(name), () -> {
        requireMounted(Step.CREATE_SUBVOLUME);
        requirePlainName(name, Step.CREATE_SUBVOLUME);
        Path path = fs.root.resolve(name);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
          throw new StepFailedException(Step.CREATE_SUBVOLUME, "'" + path + "' exists");
        }
        try {
          Files.createDirectory(path);
        } catch (IOException e) {
          throw new StepFailedException(Step.CREATE_SUBVOLUME, e.getMessage(), e);
        }
        fs.subvolumes.put(name, Subvolume.writable());
        fs.created.put(name, world.clock.instant());
      });
    }

    @Override
    public void snapshotReadOnly(String source, String target) {
      world.run(Operation.FILESYSTEM_SNAPSHOT, List.of(source, target), () -> {
        requireMounted(Step.SNAPSHOT_SUBVOLUME);
        requirePlainName(source, Step.SNAPSHOT_SUBVOLUME);
        requirePlainName(target, Step.SNAPSHOT_SUBVOLUME);
        if (!fs.subvolumes.containsKey(source)) {
          throw new StepFailedException(
              Step.SNAPSHOT_SUBVOLUME, "'" + source + "' is not a subvolume");
        }
        Path to = fs.root.resolve(target);
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
          throw new StepFailedException(Step.SNAPSHOT_SUBVOLUME, "'" + to + "' exists");
        }
        try {
          TreeCopier.copy(fs.root.resolve(source), to);
        } catch (IOException e) {
          throw new StepFailedException(Step.SNAPSHOT_SUBVOLUME, e.getMessage(), e);
        }
        fs.subvolumes.put(
            target, new Subvolume(true, Optional.of(DirectoryTrees.contentAndMetadata(to))));
        fs.created.put(target, world.clock.instant());
      });
    }

    @Override
    public void rename(String source, String target) {
      world.run(Operation.FILESYSTEM_RENAME, List.of(source, target), () -> {
        requireMounted(Step.RENAME_SUBVOLUME);
        requirePlainName(source, Step.RENAME_SUBVOLUME);
        requirePlainName(target, Step.RENAME_SUBVOLUME);
        Subvolume subvolume = fs.subvolumes.get(source);
        if (subvolume == null) {
          throw new StepFailedException(
              Step.RENAME_SUBVOLUME, "'" + source + "' is not a subvolume");
        }
        Path to = fs.root.resolve(target);
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
          throw new StepFailedException(Step.RENAME_SUBVOLUME, "'" + to + "' exists");
        }
        try {
          Files.move(fs.root.resolve(source), to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new StepFailedException(Step.RENAME_SUBVOLUME, e.getMessage(), e);
        }
        fs.subvolumes.remove(source);
        fs.subvolumes.put(target, subvolume);
        Optional.ofNullable(fs.created.remove(source)).ifPresent(at -> fs.created.put(target, at));
      });
    }

    @Override
    public void deleteSubvolume(String name) {
      world.run(Operation.FILESYSTEM_DELETE_SUBVOLUME, List.of(name), () -> {
        requireMounted(Step.DELETE_SUBVOLUME);
        requirePlainName(name, Step.DELETE_SUBVOLUME);
        if (!fs.subvolumes.containsKey(name)) {
          throw new StepFailedException(Step.DELETE_SUBVOLUME, "'" + name + "' is not a subvolume");
        }
        try {
          TreeCopier.deleteTree(fs.root.resolve(name));
        } catch (IOException e) {
          throw new StepFailedException(Step.DELETE_SUBVOLUME, e.getMessage(), e);
        }
        fs.subvolumes.remove(name);
        fs.created.remove(name);
      });
    }

    @Override
    public Optional<String> readState(String name) {
      return world.call(Operation.FILESYSTEM_READ_STATE, List.of(name), fault -> {
        requireMounted(Step.READ_STATE);
        requirePlainName(name, Step.READ_STATE);
        Path file = fs.root.resolve(name);
        try {
          return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
              ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
              : Optional.empty();
        } catch (IOException e) {
          throw new StepFailedException(Step.READ_STATE, e.getMessage(), e);
        }
      });
    }

    @Override
    public void writeState(String name, String content) {
      world.run(Operation.FILESYSTEM_WRITE_STATE, List.of(name), () -> {
        requireMounted(Step.WRITE_STATE);
        requirePlainName(name, Step.WRITE_STATE);
        Path file = fs.root.resolve(name);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new StepFailedException(Step.WRITE_STATE, "'" + file + "' is a directory");
        }
        Path temp = fs.root.resolve("." + name + ".tmp");
        try {
          if (world.storeCapacityBytes.isPresent()) {
            requireRoom(content.length(), Step.WRITE_STATE);
          }
          Files.writeString(temp, content, StandardCharsets.UTF_8);
          Files.move(
              temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new StepFailedException(Step.WRITE_STATE, e.getMessage(), e);
        } finally {
          try {
            Files.deleteIfExists(temp);
          } catch (IOException ignored) {
            // the state file was written or the error above is reported
          }
        }
      });
    }

    /**
     * The creation time the fake recorded (none for a subvolume it did not make), and the
     * total size of its files; exclusive and shared sizes are unknown, as without btrfs.
     */
    @Override
    public SubvolumeDetails details(String name) {
      return world.call(Operation.FILESYSTEM_DETAILS, List.of(name), fault -> {
        requireMounted(Step.READ_STORE);
        requirePlainName(name, Step.READ_STORE);
        if (!fs.subvolumes.containsKey(name)) {
          throw new StepFailedException(Step.READ_STORE, "'" + name + "' is not a subvolume");
        }
        return new SubvolumeDetails(
            Optional.ofNullable(fs.created.get(name)),
            Optional.of(sizeOfTree(fs.root.resolve(name))),
            Optional.empty(),
            Optional.empty());
      });
    }

    /**
     * Reads every file of the filesystem, as a scrub reads every block, and finds no error
     * unless a fault is injected for {@link Operation#FILESYSTEM_SCRUB}.
     */
    @Override
    public ScrubResult scrub(Duration timeout) {
      return world.call(
          Operation.FILESYSTEM_SCRUB, List.of(store.value(), timeout.toString()), fault -> {
            requireMounted(Step.SCRUB);
            long bytes = sizeOfTree(fs.root);
            return new ScrubResult(
                true,
                0,
                List.of(
                    "Status: finished",
                    "Total to scrub: " + bytes + " B",
                    "Error summary: no errors found"));
          });
    }

    @Override
    public SpaceUsage space() {
      return world.call(Operation.FILESYSTEM_SPACE, List.of(store.value()), fault -> {
        requireMounted(Step.CHECK_SPACE);
        long capacity = capacityOf(fs);
        return new SpaceUsage(capacity, Math.max(0, capacity - usedBytes(fs)));
      });
    }

    /** Makes the filesystem as large as its device says it is now; never smaller. */
    @Override
    public void growToFill() {
      world.run(Operation.FILESYSTEM_GROW, List.of(store.value()), () -> {
        requireMounted(Step.GROW_FILESYSTEM);
        long deviceSize = world.readDevice(device, Step.GROW_FILESYSTEM).sizeBytes();
        fs.sizeBytes = Math.max(fs.sizeBytes, deviceSize);
      });
    }

    /** Unmounts unless a file in the filesystem is held open ("target is busy"); lets go of a detached device. */
    void unmount(Step step) {
      FakeWorld.refuseBusyUnmount(step, fs.root, world.busyFilesUnder(fs.root, Optional.empty()));
      world.mountedFilesystems.remove(store);
      world.releaseLingering(device);
    }

    private void requireRoom(long bytes, Step step) {
      if (usedBytes(fs) + bytes > capacityOf(fs)) {
        throw new StepFailedException(step, Reason.NO_SPACE, "no space left in the store");
      }
    }

    @Override
    public void close() {
      synchronized (world) {
        if (closed) {
          return;
        }
        world.run(Operation.FILESYSTEM_UNMOUNT, List.of(store.value()), () -> {
          if (world.mountedFilesystems.get(store) == this) {
            unmount(Step.UNMOUNT_FILESYSTEM);
          }
        });
        closed = true;
      }
    }
  }

  /** The bytes of the regular files in a fake filesystem, each inode once. */
  static long usedBytes(FakeFilesystemState fs) {
    return sizeOfTree(fs.root);
  }

  static long sizeOfTree(Path root) {
    Set<Object> seen = new HashSet<>();
    try (Stream<Path> paths = Files.walk(root)) {
      long total = 0;
      for (Path path : (Iterable<Path>) paths::iterator) {
        BasicFileAttributes attributes =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isRegularFile()
            && (attributes.fileKey() == null || seen.add(attributes.fileKey()))) {
          total += attributes.size();
        }
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
