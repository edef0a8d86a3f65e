package dev.mnemosyne.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mnemosyne.core.model.Stage;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.SnapshotFilesystem.Entry;
import dev.mnemosyne.testkit.FakeFilesystemState.Subvolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Direct access to the filesystem inside one store image of a {@link FakeEnvironment},
 * mounted or not: to inspect it after a run, and to lay out a store before one (e.g. a store
 * the original tool made). Nothing here goes through the journal or the faults.
 */
public final class FakeStore {
  private final FakeWorld world;
  private final Path image;
  private final FakeFilesystemState fs;

  FakeStore(FakeWorld world, Path image, FakeFilesystemState fs) {
    this.world = world;
    this.image = image;
    this.fs = fs;
  }

  /** The store image on the remote. */
  public Path image() {
    return image;
  }

  /** The top directory of the store's filesystem. */
  public Path root() {
    return fs.root;
  }

  /** The entries of the top directory, as the filesystem port lists them. */
  public List<Entry> entries() {
    synchronized (world) {
      try (Stream<Path> children = Files.list(fs.root)) {
        return children
            .sorted()
            .map(child -> {
              String name = child.getFileName().toString();
              Subvolume subvolume = fs.subvolumes.get(name);
              if (subvolume != null) {
                return new Entry(name, Entry.Kind.SUBVOLUME, subvolume.readOnly());
              }
              return new Entry(
                  name,
                  Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)
                      ? Entry.Kind.FILE
                      : Entry.Kind.OTHER,
                  false);
            })
            .collect(Collectors.toUnmodifiableList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The stage indices {@code key} has, in order. */
  public SortedSet<Integer> stages(String key) {
    StageKey stageKey = new StageKey(key);
    synchronized (world) {
      return fs.subvolumes.keySet().stream()
          .map(Stage::parse)
          .flatMap(Optional::stream)
          .filter(s -> s.key().equals(stageKey))
          .map(Stage::index)
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** The directory of stage {@code index} of {@code key}. */
  public Path stage(String key, int index) {
    return fs.root.resolve(new Stage(new StageKey(key), index).name());
  }

  /** Whether the subvolume {@code name} exists and is read-only. */
  public boolean isReadOnly(String name) {
    synchronized (world) {
      Subvolume subvolume = fs.subvolumes.get(name);
      return subvolume != null && subvolume.readOnly();
    }
  }

  /** Whether {@code name} is a subvolume. */
  public boolean isSubvolume(String name) {
    synchronized (world) {
      return fs.subvolumes.containsKey(name);
    }
  }

  /**
   * Whether the read-only subvolume {@code name} holds exactly what it held when it was
   * snapshotted (content, permissions and modification times).
   */
  public boolean isUnchangedSinceSnapshot(String name) {
    synchronized (world) {
      Subvolume subvolume = fs.subvolumes.get(name);
      checkArgument(
          subvolume != null && subvolume.contentAtSnapshot().isPresent(),
          "'%s' is no snapshot of this store",
          name);
      return subvolume
          .contentAtSnapshot()
          .get()
          .equals(DirectoryTrees.contentAndMetadata(fs.root.resolve(name)));
    }
  }

  /** A state file's content, or empty if there is none. */
  public Optional<String> state(String name) {
    Path file = fs.root.resolve(name);
    try {
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- laying out a store ----

  /** Creates an empty, writable subvolume. */
  public Path createSubvolume(String name) {
    FakeSnapshotFilesystem.requirePlainName(name, Step.CREATE_SUBVOLUME);
    synchronized (world) {
      try {
        Path path = Files.createDirectory(fs.root.resolve(name));
        fs.subvolumes.put(name, Subvolume.writable());
        return path;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Snapshots subvolume {@code source} into a new read-only subvolume {@code target}. */
  public Path snapshotReadOnly(String source, String target) {
    synchronized (world) {
      checkArgument(fs.subvolumes.containsKey(source), "'%s' is no subvolume", source);
      Path to = fs.root.resolve(target);
      try {
        TreeCopier.copy(fs.root.resolve(source), to);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      fs.subvolumes.put(
          target, new Subvolume(true, Optional.of(DirectoryTrees.contentAndMetadata(to))));
      return to;
    }
  }

  /** Writes a state (or any plain) file in the top directory. */
  public void writeState(String name, String content) {
    FakeSnapshotFilesystem.requirePlainName(name, Step.WRITE_STATE);
    try {
      Files.writeString(fs.root.resolve(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a state (or any plain) file in the top directory, if it exists. */
  public void deleteState(String name) {
    FakeSnapshotFilesystem.requirePlainName(name, Step.WRITE_STATE);
    try {
      Files.deleteIfExists(fs.root.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "store " + image + " " + entries();
  }
}
