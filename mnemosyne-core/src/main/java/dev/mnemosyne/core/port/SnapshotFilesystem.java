package dev.mnemosyne.core.port;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Compression;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.model.TreeNodeSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Port: the btrfs filesystem inside the store, with its subvolumes and small state files. */
public interface SnapshotFilesystem {

  /**
   * Makes a new, empty filesystem on {@code device} with {@link TreeNodeSize#DEFAULT} tree nodes.
   *
   * @throws StepFailedException with {@link Step#MAKE_FILESYSTEM}
   */
  default void makeFilesystem(Path device, String label) {
    makeFilesystem(device, label, TreeNodeSize.DEFAULT);
  }

  /**
   * Makes a new, empty filesystem on {@code device} whose tree nodes are {@code nodeSize}.
   *
   * @throws StepFailedException with {@link Step#MAKE_FILESYSTEM}, also when the device is too
   *     small or the filesystem refuses the node size
   */
  void makeFilesystem(Path device, String label, TreeNodeSize nodeSize);

  /**
   * Mounts the filesystem on {@code device} for {@code store}, without a compression option:
   * new writes are not compressed.
   *
   * @throws StepFailedException with {@link Step#MOUNT_FILESYSTEM}
   */
  default MountedFilesystem mount(Path device, StoreId store) {
    return mount(device, store, Compression.NONE);
  }

  /**
   * Mounts the filesystem on {@code device} for {@code store}; what is written while it is
   * mounted is compressed as {@code compression} says (what it holds already stays as it is).
   *
   * @throws StepFailedException with {@link Step#MOUNT_FILESYSTEM}
   */
  MountedFilesystem mount(Path device, StoreId store, Compression compression);

  /**
   * Unmounts what an earlier, crashed run of {@code store} left mounted; a no-op when nothing is.
   *
   * @throws StepFailedException with {@link Step#CLEAN_UP_LEFTOVERS}
   */
  void cleanUp(StoreId store);

  /**
   * A mounted store filesystem. Names are plain entries of its top directory. Closing it
   * unmounts it ({@link Step#UNMOUNT_FILESYSTEM}).
   */
  interface MountedFilesystem extends Handle {
    /** Where the filesystem is mounted. */
    Path root();

    /** The entries of the top directory: subvolumes and plain files alike ({@link Step#READ_STORE}). */
    List<Entry> entries();

    /** Creates an empty, writable subvolume ({@link Step#CREATE_SUBVOLUME}). */
    void createSubvolume(String name);

    /** Snapshots {@code source} into a new read-only subvolume {@code target} ({@link Step#SNAPSHOT_SUBVOLUME}). */
    void snapshotReadOnly(String source, String target);

    /** Renames a subvolume; the target must not exist ({@link Step#RENAME_SUBVOLUME}). */
    void rename(String source, String target);

    /** Deletes a subvolume, read-only or not ({@link Step#DELETE_SUBVOLUME}). */
    void deleteSubvolume(String name);

    /** Reads a small state file, or empty if it does not exist ({@link Step#READ_STATE}). */
    Optional<String> readState(String name);

    /**
     * Writes a small state file atomically and durably, replacing it, after committing everything
     * written to the filesystem before it: a record that speaks of earlier writes (a complete
     * copy) never reaches the disk without them, and a full store fails here ({@link
     * Step#WRITE_STATE}).
     */
    void writeState(String name, String content);

    /**
     * Writes a small state file atomically and durably, replacing it, without first committing
     * what was written before it: for records that claim nothing about earlier writes (that a
     * copy is under way, a time). Saves a filesystem commit; by default it is {@link #writeState}
     * ({@link Step#WRITE_STATE}).
     */
    default void writeMark(String name, String content) {
      writeState(name, content);
    }

    /**
     * When a subvolume was created and how large it is, as far as the filesystem can tell;
     * {@link Step#READ_STORE} fails if {@code name} is no subvolume.
     */
    SubvolumeDetails details(String name);

    /**
     * Reads every block of the filesystem and checks it against its checksum, repairing what a
     * second copy allows, for at most {@code timeout}; then stops it ({@link Step#SCRUB}).
     */
    ScrubResult scrub(Duration timeout);

    /** Free and total space inside the store ({@link Step#CHECK_SPACE}). */
    SpaceUsage space();

    /**
     * Grows the filesystem to fill its device, after the device grew; a no-op when it fills
     * it already. Never shrinks ({@link Step#GROW_FILESYSTEM}).
     */
    void growToFill();
  }

  /** One entry of the store's top directory. */
  record Entry(String name, Kind kind, boolean readOnly) {
    /** What an entry is. */
    public enum Kind {
      SUBVOLUME,
      FILE,
      OTHER
    }

    public Entry {
      java.util.Objects.requireNonNull(name, "name");
      java.util.Objects.requireNonNull(kind, "kind");
    }
  }
}
