package dev.mnemosyne.testkit;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Describes directory trees as sorted maps of relative path to a line per entry, so that two trees compare as maps. */
final class DirectoryTrees {
  private DirectoryTrees() {}

  /** What the tree holds: each entry's type, and a file's content hash or a link's target. */
  static SortedMap<String, String> content(Path root) {
    return describe(root, false);
  }

  /** {@link #content} plus permissions and modification times (in whole seconds) of files and directories. */
  static SortedMap<String, String> contentAndMetadata(Path root) {
    return describe(root, true);
  }

  private static SortedMap<String, String> describe(Path root, boolean metadata) {
    SortedMap<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (path.equals(root)) {
          continue;
        }
        tree.put(root.relativize(path).toString(), describeEntry(path, metadata));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tree " + root, e);
    }
    return tree;
  }

  private static String describeEntry(Path path, boolean metadata) throws IOException {
    PosixFileAttributes attributes =
        Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    String what;
    if (attributes.isSymbolicLink()) {
      return "link -> " + Files.readSymbolicLink(path);
    } else if (attributes.isDirectory()) {
      what = "directory";
    } else if (attributes.isRegularFile()) {
      what = "file " + attributes.size() + " bytes sha256 "
          + MoreFiles.asByteSource(path).hash(Hashing.sha256()).toString().substring(0, 16);
    } else {
      what = "other";
    }
    if (metadata) {
      what += " " + PosixFilePermissions.toString(attributes.permissions()) + " mtime "
          + attributes.lastModifiedTime().toInstant().getEpochSecond();
    }
    return what;
  }
}
