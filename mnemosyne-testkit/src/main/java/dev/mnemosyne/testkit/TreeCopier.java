package dev.mnemosyne.testkit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Copies and deletes whole trees, keeping symlinks, permissions, modification times and hard links. */
final class TreeCopier {
  private TreeCopier() {}

  /** Copies the tree at {@code source} to {@code target}, which must not exist. */
  static void copy(Path source, Path target) throws IOException {
    Map<Object, Path> linked = new HashMap<>();
    Deque<Path[]> directories = new ArrayDeque<>();
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        Path copy = target.resolve(source.relativize(dir).toString());
        Files.createDirectory(copy);
        directories.push(new Path[] {dir, copy});
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path copy = target.resolve(source.relativize(file).toString());
        if (attrs.isSymbolicLink()) {
          Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
        } else if (attrs.isRegularFile()) {
          Path first = attrs.fileKey() == null ? null : linked.get(attrs.fileKey());
          if (first != null) {
            Files.createLink(copy, first);
          } else {
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            copyMetadata(file, copy);
            if (attrs.fileKey() != null && linkCount(file) > 1) {
              linked.put(attrs.fileKey(), copy);
            }
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
    while (!directories.isEmpty()) {
      Path[] pair = directories.pop();
      copyMetadata(pair[0], pair[1]);
    }
  }

  /** Deletes {@code path} and everything under it; a missing path is fine. Never follows symlinks. */
  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path);
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Gives {@code target} the permissions and modification time of {@code source}. */
  static void copyMetadata(Path source, Path target) throws IOException {
    PosixFileAttributes attributes =
        Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    PosixFileAttributeView view =
        Files.getFileAttributeView(target, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setPermissions(attributes.permissions());
    view.setTimes(attributes.lastModifiedTime(), null, null);
  }

  static int linkCount(Path file) throws IOException {
    Object count = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    return count instanceof Integer n ? n : 1;
  }
}
