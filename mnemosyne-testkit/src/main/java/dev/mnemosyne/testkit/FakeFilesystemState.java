package dev.mnemosyne.testkit;

import dev.mnemosyne.core.model.Compression;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** One fake btrfs filesystem: its directory and which of its top directories are subvolumes. */
final class FakeFilesystemState {
  final String uuid;
  final Path root;
  /** The filesystem's size: its device's when made, or what the test set; it grows with {@code growToFill}. */
  long sizeBytes;
  /** The compression of the mount, while mounted. */
  Compression compression = Compression.NONE;

  final Map<String, Subvolume> subvolumes = new TreeMap<>();
  /** When each subvolume was created or snapshotted, by the world's clock. */
  final Map<String, Instant> created = new TreeMap<>();

  FakeFilesystemState(String uuid, Path root, long sizeBytes) {
    this.uuid = uuid;
    this.root = root;
    this.sizeBytes = sizeBytes;
  }

  /** A subvolume: read-only or not, and for a snapshot what it held when it was taken. */
  record Subvolume(boolean readOnly, Optional<SortedMap<String, String>> contentAtSnapshot) {
    static Subvolume writable() {
      return new Subvolume(false, Optional.empty());
    }
  }

  /** The read-only subvolume that {@code path} lies in, if any. */
  Optional<String> readOnlySubvolumeOf(Path path) {
    Path normal = path.toAbsolutePath().normalize();
    if (!normal.startsWith(root) || normal.equals(root)) {
      return Optional.empty();
    }
    String top = root.relativize(normal).getName(0).toString();
    Subvolume subvolume = subvolumes.get(top);
    return subvolume != null && subvolume.readOnly() ? Optional.of(top) : Optional.empty();
  }
}
