package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.MirrorOptions;
import dev.mnemosyne.core.port.Transfer;
import dev.mnemosyne.core.port.TransferProgress;
import dev.mnemosyne.core.port.TransferResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link Transfer} must have: a mirror of a source tree, with metadata,
 * symlinks, deletions and excludes. Subclass it and supply the port; the source is built in
 * a fresh temporary directory and mirrored into {@link #newTarget()}.
 */
public abstract class TransferContract {
  private static final Instant LONG_AGO = Instant.parse("2001-02-03T04:05:06Z");

  /** A fresh directory for this test's source and (by default) target. */
  @TempDir
  protected Path workDirectory;

  private Transfer port;
  private Path source;
  private Path target;

  /** The implementation under test; called once before each test. */
  protected abstract Transfer transfer();

  /** An empty, writable directory to mirror into; by default one in {@link #workDirectory}. */
  protected Path newTarget() throws IOException {
    return Files.createDirectory(workDirectory.resolve("target"));
  }

  /** Whether the implementation keeps hard links as hard links (rsync {@code -H} does). */
  protected boolean preservesHardLinks() {
    return true;
  }

  @BeforeEach
  final void setUpTransferContract() throws IOException {
    port = transfer();
    source = Files.createDirectory(workDirectory.resolve("source"));
    target = newTarget();
  }

  private TransferResult mirror(String... excludes) {
    return port.mirror(source, target, MirrorOptions.excluding(List.of(excludes)), progress -> {});
  }

  private Path write(String relative, String content) throws IOException {
    Path file = source.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  @Test
  void copiesNewFilesAndNestedDirectories() throws IOException {
    write("top.txt", "top");
    write("a/b/c/deep.txt", "deep");
    Files.createDirectories(source.resolve("empty/dir"));
    TransferResult result = mirror();
    assertThat(result.isComplete()).isTrue();
    assertThat(DirectoryTrees.content(target)).isEqualTo(DirectoryTrees.content(source));
  }

  @Test
  void restoresATreeWithItsMetadataAndDeletesNothing() throws IOException {
    Path script = write("bin/run.sh", "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    write("docs/a.txt", "alpha");
    for (Path path : List.of(script, source.resolve("bin"), source.resolve("docs/a.txt"))) {
      Files.setLastModifiedTime(path, FileTime.from(LONG_AGO));
    }
    Files.writeString(target.resolve("stray.txt"), "was in the target before");
    List<String> items = new java.util.ArrayList<>();
    long count = port.restore(source, target, false, items::add);

    assertThat(target.resolve("stray.txt")).hasContent("was in the target before");
    Files.delete(target.resolve("stray.txt"));
    assertThat(DirectoryTrees.contentAndMetadata(target))
        .isEqualTo(DirectoryTrees.contentAndMetadata(source));
    assertThat(items).contains("bin/run.sh", "docs/a.txt");
    assertThat(count).isEqualTo(items.size());
  }

  @Test
  void restoresASingleFileUnderItsName() throws IOException {
    write("docs/a.txt", "alpha");
    write("docs/b.txt", "beta");
    List<String> items = new java.util.ArrayList<>();
    port.restore(source.resolve("docs/a.txt"), target, false, items::add);
    assertThat(DirectoryTrees.content(target)).containsOnlyKeys("a.txt");
    assertThat(target.resolve("a.txt")).hasContent("alpha");
    assertThat(items).containsExactly("a.txt");
  }

  @Test
  void aListOnlyRestoreNamesWhatItWouldCopyAndCopiesNothing() throws IOException {
    write("docs/a.txt", "alpha");
    List<String> items = new java.util.ArrayList<>();
    long count = port.restore(source, target, true, items::add);
    assertThat(items).contains("docs/a.txt");
    assertThat(count).isEqualTo(items.size());
    assertThat(DirectoryTrees.content(target)).isEmpty();
  }

  @Test
  void copiesChangedFiles() throws IOException {
    Path file = write("notes.txt", "first");
    Files.setLastModifiedTime(file, FileTime.from(LONG_AGO));
    mirror();
    Files.writeString(file, "other");
    Files.setLastModifiedTime(file, FileTime.from(LONG_AGO.plusSeconds(3600)));
    mirror();
    assertThat(target.resolve("notes.txt")).hasContent("other");
  }

  @Test
  void deletesWhatTheSourceNoLongerHas() throws IOException {
    write("keep.txt", "keep");
    write("gone.txt", "gone");
    write("old/dir/file.txt", "old");
    Files.writeString(target.resolve("stray.txt"), "was in the target before");
    mirror();
    Files.delete(source.resolve("gone.txt"));
    Files.delete(source.resolve("old/dir/file.txt"));
    Files.delete(source.resolve("old/dir"));
    Files.delete(source.resolve("old"));
    TransferResult result = mirror();
    assertThat(DirectoryTrees.content(target)).isEqualTo(DirectoryTrees.content(source));
    assertThat(result.stats().filesDeleted()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void keepsPermissionsAndModificationTimes() throws IOException {
    Path script = write("bin/run.sh", "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Path secret = write("private.txt", "mine");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    for (Path path : List.of(script, secret, source.resolve("bin"))) {
      Files.setLastModifiedTime(path, FileTime.from(LONG_AGO));
    }
    mirror();
    assertThat(DirectoryTrees.contentAndMetadata(target))
        .isEqualTo(DirectoryTrees.contentAndMetadata(source));
  }

  @Test
  void copiesSymbolicLinksAsLinks() throws IOException {
    write("real.txt", "real");
    Files.createSymbolicLink(source.resolve("relative"), Path.of("real.txt"));
    Files.createSymbolicLink(source.resolve("dangling"), Path.of("does/not/exist"));
    mirror();
    assertThat(Files.isSymbolicLink(target.resolve("relative"))).isTrue();
    assertThat(Files.readSymbolicLink(target.resolve("relative"))).isEqualTo(Path.of("real.txt"));
    assertThat(Files.readSymbolicLink(target.resolve("dangling")))
        .isEqualTo(Path.of("does/not/exist"));
  }

  @Test
  void keepsHardLinks() throws IOException {
    assumeTrue(preservesHardLinks(), "the implementation does not claim to keep hard links");
    Path original = write("one.txt", "shared");
    Files.createDirectories(source.resolve("sub"));
    Files.createLink(source.resolve("sub/two.txt"), original);
    mirror();
    assertThat(Files.isSameFile(target.resolve("one.txt"), target.resolve("sub/two.txt")))
        .isTrue();
  }

  @Test
  void leavesOutExcludedPaths() throws IOException {
    write("keep.txt", "keep");
    write("scratch.tmp", "skip");
    write("deep/er/also.tmp", "skip");
    write("deep/cache/big.bin", "skip");
    write("build/out.txt", "skip at the top");
    write("deep/build/out.txt", "kept: only the top build is excluded");
    mirror("*.tmp", "cache/", "/build");
    assertThat(DirectoryTrees.content(target).keySet())
        .containsExactlyInAnyOrder(
            "keep.txt", "deep", "deep/er", "deep/build", "deep/build/out.txt");
  }

  @Test
  void statsArePlausible() throws IOException {
    write("a.txt", "alpha");
    write("dir/b.txt", "bravo bravo");
    TransferResult first = mirror();
    assertThat(first.stats().files()).isGreaterThanOrEqualTo(2);
    assertThat(first.stats().filesTransferred()).isGreaterThanOrEqualTo(2);
    assertThat(first.stats().bytes()).isGreaterThanOrEqualTo(16);
    assertThat(first.stats().bytesTransferred()).isPositive();
    TransferResult unchanged = mirror();
    assertThat(unchanged.stats().filesTransferred()).isZero();
    assertThat(unchanged.stats().files()).isEqualTo(first.stats().files());
  }

  @Test
  void reportsProgress() throws IOException {
    byte[] data = new byte[4 << 20];
    new Random(7).nextBytes(data);
    Files.write(source.resolve("big.bin"), data);
    List<TransferProgress> reports = new ArrayList<>();
    Consumer<TransferProgress> progress = reports::add;
    port.mirror(source, target, MirrorOptions.defaults(), progress);
    assertThat(reports).isNotEmpty();
    assertThat(reports.get(reports.size() - 1).bytesTransferred()).isPositive();
    assertThat(Files.readAllBytes(target.resolve("big.bin"))).isEqualTo(data);
  }

  @Test
  void aMissingSourceFailsTheTransferStep() {
    Path missing = workDirectory.resolve("missing");
    StepFailedException failure = catchThrowableOfType(
        StepFailedException.class,
        () -> port.mirror(missing, target, MirrorOptions.defaults(), progress -> {}));
    assertThat(failure).as("mirroring a missing directory").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.TRANSFER);
  }
}
