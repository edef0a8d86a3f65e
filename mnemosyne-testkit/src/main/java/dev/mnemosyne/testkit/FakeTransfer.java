package dev.mnemosyne.testkit;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.BlockSize;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.MirrorOptions;
import dev.mnemosyne.core.port.Transfer;
import dev.mnemosyne.core.port.TransferProgress;
import dev.mnemosyne.core.port.TransferResult;
import dev.mnemosyne.core.port.TransferStats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A {@link Transfer} that mirrors in Java as {@code rsync -aH --delete --inplace} would: it
 * deletes what the source no longer has, copies new files and files whose size or
 * modification time differ (rewriting them in place), keeps permissions, modification times, symlinks and hard links, and leaves out
 * what the (simple, rsync-style) excludes match. It refuses to write into a read-only
 * subvolume of a fake filesystem, and fails with {@link Reason#NO_SPACE} when a fake
 * filesystem's capacity would be exceeded, leaving what it copied so far.
 */
public final class FakeTransfer implements Transfer {
  private final FakeWorld world;
  private final FakeSnapshotFilesystem filesystems;

  FakeTransfer(FakeWorld world, FakeSnapshotFilesystem filesystems) {
    this.world = world;
    this.filesystems = filesystems;
  }

  @Override
  public TransferResult mirror(
      Path source, Path target, MirrorOptions options, Consumer<TransferProgress> progress) {
    List<String> excludes = options.excludes();
    List<String> arguments = new ArrayList<>(List.of(source.toString(), target.toString()));
    excludes.forEach(e -> arguments.add("--exclude=" + e));
    if (options.holesInUpdates()) {
      arguments.add("--sparse");
    }
    if (!options.blockSize().equals(BlockSize.DEFAULT)) {
      arguments.add("--block-size="
          + options.blockSize().fixedBytes().stream()
              .mapToObj(Integer::toString)
              .findFirst()
              .orElse(BlockSize.AUTOMATIC_NAME));
    }
    return world.call(
        Operation.TRANSFER_MIRROR,
        arguments,
        fault -> new Run(source, target, ExcludePatterns.of(excludes), progress, fault).mirror());
  }

  /**
   * Copies as {@code rsync -a} without {@code --delete} would: every path that is missing in
   * {@code target} or differs in size or modification time, keeping permissions, times and
   * symbolic links. Refuses to write into a read-only subvolume of a fake filesystem.
   */
  @Override
  public long restore(Path source, Path target, boolean listOnly, Consumer<String> item) {
    return world.call(
        Operation.TRANSFER_RESTORE,
        List.of(source.toString(), target.toString(), listOnly ? "--dry-run" : "--copy"),
        fault -> {
          if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new StepFailedException(
                Step.RESTORE, "link_stat \"" + source + "\" failed: No such file or directory");
          }
          filesystems.readOnlySubvolumeOf(target).ifPresent(subvolume -> {
            throw new StepFailedException(
                Step.RESTORE, "cannot write into " + target + ": Read-only file system");
          });
          boolean tree = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS);
          Path base = tree ? source : source.getParent();
          List<Path> paths = new ArrayList<>();
          try {
            if (tree) {
              try (Stream<Path> walk = Files.walk(source)) {
                walk.filter(p -> !p.equals(source)).sorted().forEach(paths::add);
              }
            } else {
              paths.add(source);
            }
            long count = 0;
            for (Path path : paths) {
              String relative = base.relativize(path).toString();
              Path copy = target.resolve(relative);
              boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
              if (!differs(path, copy, directory)) {
                continue;
              }
              count++;
              item.accept(directory ? relative + "/" : relative);
              if (!listOnly) {
                Files.createDirectories(target);
                if (directory) {
                  Files.createDirectories(copy);
                } else {
                  Files.copy(
                      path,
                      copy,
                      LinkOption.NOFOLLOW_LINKS,
                      java.nio.file.StandardCopyOption.COPY_ATTRIBUTES,
                      java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
              }
            }
            if (!listOnly) {
              for (Path path : paths) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                  Path copy = target.resolve(base.relativize(path).toString());
                  Files.setLastModifiedTime(copy, Files.getLastModifiedTime(path));
                  Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(path));
                }
              }
            }
            return count;
          } catch (IOException e) {
            throw new StepFailedException(Step.RESTORE, e.toString(), e);
          }
        });
  }

  private static boolean differs(Path path, Path copy, boolean directory) throws IOException {
    if (!Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    if (directory) {
      return false;
    }
    BasicFileAttributes a =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    BasicFileAttributes b =
        Files.readAttributes(copy, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return a.size() != b.size() || !a.lastModifiedTime().equals(b.lastModifiedTime());
  }

  /** One mirror run. */
  private final class Run {
    private final Path source;
    private final Path target;
    private final ExcludePatterns excludes;
    private final Consumer<TransferProgress> progress;
    private final Optional<Fault> fault;
    private final Map<String, PosixFileAttributes> wanted = new LinkedHashMap<>();
    private final Map<Object, Path> hardLinks = new HashMap<>();
    private long used;
    private long capacity = Long.MAX_VALUE;
    private long files;
    private long bytes;
    private long filesTransferred;
    private long bytesTransferred;
    private long filesDeleted;

    Run(
        Path source,
        Path target,
        ExcludePatterns excludes,
        Consumer<TransferProgress> progress,
        Optional<Fault> fault) {
      this.source = source;
      this.target = target;
      this.excludes = excludes;
      this.progress = progress;
      this.fault = fault;
    }

    TransferResult mirror() {
      if (Thread.currentThread().isInterrupted()) {
        throw new StepFailedException(
            Step.TRANSFER, Reason.CANCELLED, "interrupted before copying " + source);
      }
      if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
        throw new StepFailedException(
            Step.TRANSFER, "change_dir \"" + source + "\" failed: No such file or directory");
      }
      filesystems.readOnlySubvolumeOf(target).ifPresent(subvolume -> {
        throw new StepFailedException(
            Step.TRANSFER, "cannot write into " + target + ": Read-only file system");
      });
      filesystems.filesystemHolding(target).ifPresent(fs -> {
        capacity = filesystems.capacityOf(fs);
        used = FakeSnapshotFilesystem.usedBytes(fs);
      });
      try {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(target);
        }
        scanSource();
        deleteExtraneous();
        boolean complete = copy();
        finishDirectories();
        progress.accept(new TransferProgress(
            bytesTransferred, 100, 0, Optional.empty(), filesTransferred, Optional.of(0L)));
        TransferStats stats =
            new TransferStats(files, filesTransferred, filesDeleted, bytes, bytesTransferred);
        return complete
            ? TransferResult.complete(stats)
            : new TransferResult(
                stats,
                TransferResult.Completeness.PARTIAL,
                List.of("some files could not be transferred (injected)"));
      } catch (IOException e) {
        throw new StepFailedException(Step.TRANSFER, e.toString(), e);
      }
    }

    private void scanSource() throws IOException {
      Files.walkFileTree(source, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
            throws IOException {
          if (dir.equals(source)) {
            return FileVisitResult.CONTINUE;
          }
          String relative = relative(dir);
          if (excludes.excludes(relative, true)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          add(relative, dir);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          String relative = relative(file);
          if (!excludes.excludes(relative, false)) {
            add(relative, file);
            if (attrs.isRegularFile()) {
              bytes += attrs.size();
            }
          }
          return FileVisitResult.CONTINUE;
        }
      });
      files = wanted.size();
    }

    private void add(String relative, Path path) throws IOException {
      wanted.put(
          relative,
          Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    private String relative(Path path) {
      return source.relativize(path).toString();
    }

    /** Deletes what the target has and the source does not (or has as another type); excluded paths stay. */
    private void deleteExtraneous() throws IOException {
      List<Path> doomed = new ArrayList<>();
      Files.walkFileTree(target, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (dir.equals(target)) {
            return FileVisitResult.CONTINUE;
          }
          String relative = target.relativize(dir).toString();
          if (excludes.excludes(relative, true)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          PosixFileAttributes want = wanted.get(relative);
          if (want == null || !want.isDirectory()) {
            doomed.add(dir);
            return FileVisitResult.SKIP_SUBTREE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          String relative = target.relativize(file).toString();
          if (excludes.excludes(relative, false)) {
            return FileVisitResult.CONTINUE;
          }
          PosixFileAttributes want = wanted.get(relative);
          if (want == null
              || want.isDirectory() != attrs.isDirectory()
              || want.isSymbolicLink() != attrs.isSymbolicLink()) {
            doomed.add(file);
          }
          return FileVisitResult.CONTINUE;
        }
      });
      for (Path path : doomed) {
        long freed = FakeSnapshotFilesystem.sizeOfTree(path);
        try (Stream<Path> inside = Files.walk(path)) {
          filesDeleted += inside.count();
        }
        TreeCopier.deleteTree(path);
        used -= freed;
      }
    }

    /** Copies what differs; returns whether every file was copied. */
    private boolean copy() throws IOException {
      long toCopy =
          wanted.entrySet().stream().filter(e -> e.getValue().isRegularFile()).count();
      long limit = fault
          .filter(f ->
              f.timing() == Fault.Timing.PART_WAY || f.timing() == Fault.Timing.INCOMPLETE_RESULT)
          .map(f -> (long) Math.floor(f.fractionDone() * toCopy))
          .orElse(Long.MAX_VALUE);
      long considered = 0;
      boolean complete = true;
      for (Map.Entry<String, PosixFileAttributes> entry : wanted.entrySet()) {
        Path from = source.resolve(entry.getKey());
        Path to = target.resolve(entry.getKey());
        PosixFileAttributes attributes = entry.getValue();
        if (attributes.isDirectory()) {
          if (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(to);
          }
        } else if (attributes.isSymbolicLink()) {
          Path link = Files.readSymbolicLink(from);
          if (!Files.isSymbolicLink(to) || !Files.readSymbolicLink(to).equals(link)) {
            Files.deleteIfExists(to);
            Files.createSymbolicLink(to, link);
          }
        } else if (attributes.isRegularFile()) {
          if (considered++ >= limit) {
            if (fault.get().timing() == Fault.Timing.PART_WAY) {
              throw fault.get().exception(Operation.TRANSFER_MIRROR, 0);
            }
            complete = false;
            continue;
          }
          copyFile(from, to, attributes);
        }
      }
      return complete;
    }

    private void copyFile(Path from, Path to, PosixFileAttributes attributes) throws IOException {
      Object key = attributes.fileKey();
      Path linkedTo = key == null ? null : hardLinks.get(key);
      if (linkedTo != null) {
        if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS) || !Files.isSameFile(to, linkedTo)) {
          Files.deleteIfExists(to);
          Files.createLink(to, linkedTo);
        }
        return;
      }
      if (key != null && TreeCopier.linkCount(from) > 1) {
        hardLinks.put(key, to);
      }
      if (Files.isRegularFile(to, LinkOption.NOFOLLOW_LINKS)) {
        PosixFileAttributes have =
            Files.readAttributes(to, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (have.size() == attributes.size()
            && have.lastModifiedTime().equals(attributes.lastModifiedTime())) {
          if (!have.permissions().equals(attributes.permissions())) {
            Files.setPosixFilePermissions(to, attributes.permissions());
          }
          return;
        }
      }
      long existing = Files.isRegularFile(to, LinkOption.NOFOLLOW_LINKS) ? Files.size(to) : 0;
      if (used - existing + attributes.size() > capacity) {
        throw new StepFailedException(
            Step.TRANSFER,
            Reason.NO_SPACE,
            "write failed on \"" + to + "\": No space left on device");
      }
      // in place, as rsync --inplace writes into btrfs; a file linked elsewhere is replaced, not
      // overwritten
      if (Files.isRegularFile(to, LinkOption.NOFOLLOW_LINKS) && TreeCopier.linkCount(to) > 1) {
        Files.delete(to);
      }
      try (OutputStream out = Files.newOutputStream(
          to,
          StandardOpenOption.CREATE,
          StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING,
          LinkOption.NOFOLLOW_LINKS)) {
        Files.copy(from, out);
      }
      TreeCopier.copyMetadata(from, to);
      used += attributes.size() - existing;
      filesTransferred++;
      bytesTransferred += attributes.size();
      progress.accept(new TransferProgress(
          bytesTransferred,
          (int) Math.min(100, bytes == 0 ? 100 : bytesTransferred * 100 / bytes),
          0,
          Optional.empty(),
          filesTransferred,
          Optional.empty()));
    }

    /** Gives directories their permissions and times, deepest first, once their content is in place. */
    private void finishDirectories() throws IOException {
      List<String> directories = new ArrayList<>();
      wanted.forEach((relative, attributes) -> {
        if (attributes.isDirectory()) {
          directories.add(relative);
        }
      });
      for (int i = directories.size() - 1; i >= 0; i--) {
        TreeCopier.copyMetadata(
            source.resolve(directories.get(i)), target.resolve(directories.get(i)));
      }
      TreeCopier.copyMetadata(source, target);
    }
  }
}
