package dev.mnemosyne.core;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import dev.mnemosyne.core.VerifyReport.Difference;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.Step;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Compares a sample of a source's regular files with their copies in the live stage, by size
 * and SHA-256. Only files last modified before the last complete sync are eligible: anything
 * newer is an expected difference. A file missing from the stage counts only where the key has
 * no excludes (an excluded file is missing on purpose).
 *
 * <p>Its memory does not grow with the number of files: each file is compared as the walk
 * reaches it, never collected. With all files that is one walk; with a sample of {@code n}, a
 * first walk counts the eligible files and a second picks each with the probability that
 * leaves exactly {@code n} chosen, every file equally likely (selection sampling). Differences
 * are counted; only the first {@link #LISTED_DIFFERENCES} are kept. Copies are found through
 * the source's own path objects, which keep a name's bytes, so names that are not valid in the
 * JVM's encoding (or not UTF-8 at all) are compared like any other.
 */
final class LiveStageComparison {
  /** How many differences a key's report lists; the others are only counted. */
  static final int LISTED_DIFFERENCES = 100;

  private final SourceDirectory source;
  private final Path live;
  private final Instant lastSync;
  private final Optional<Integer> sample;
  private final Random random;
  private final List<Difference> differences = new ArrayList<>();
  private long differing;
  private long compared;

  LiveStageComparison(
      SourceDirectory source,
      Path live,
      Instant lastSync,
      Optional<Integer> sample,
      Random random) {
    this.source = source;
    this.live = live;
    this.lastSync = lastSync;
    this.sample = sample;
    this.random = random;
  }

  VerifyReport.KeyCheck run() {
    long eligible;
    if (sample.isEmpty()) {
      eligible = walk(this::compare);
    } else {
      long total = walk(file -> {});
      long wanted = Math.min(sample.get(), total);
      long[] seen = {0};
      long[] chosen = {0};
      walk(file -> {
        long left = total - seen[0]++;
        if (chosen[0] < wanted && left > 0 && random.nextDouble() * left < wanted - chosen[0]) {
          chosen[0]++;
          compare(file);
        }
      });
      eligible = total;
    }
    return new VerifyReport.KeyCheck(
        source.key().value(),
        source.directory(),
        Optional.of(lastSync),
        eligible,
        compared,
        differing,
        differences,
        Optional.empty());
  }

  /** Walks the source, giving {@code each} every eligible file as it comes; returns how many there were. */
  private long walk(Consumer<Path> each) {
    long[] eligible = {0};
    try {
      Files.walkFileTree(source.directory(), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (Thread.currentThread().isInterrupted()) {
            return FileVisitResult.TERMINATE;
          }
          if (attrs.isRegularFile() && attrs.lastModifiedTime().toInstant().isBefore(lastSync)) {
            eligible[0]++;
            each.accept(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new StepFailedException(
          Step.COMPARE, "cannot read " + source.directory() + ": " + e, e);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new StepFailedException(
          Step.COMPARE, StepFailedException.Reason.CANCELLED, "interrupted");
    }
    return eligible[0];
  }

  private void compare(Path file) {
    // Resolving the relative Path (not its string) keeps the name's bytes.
    Optional<String> problem = compare(file, live.resolve(source.directory().relativize(file)));
    if (problem.isPresent()
        && problem.get().equals("missing")
        && !source.excludes().isEmpty()) {
      return;
    }
    compared++;
    if (problem.isPresent()) {
      differing++;
      if (differences.size() < LISTED_DIFFERENCES) {
        differences.add(new Difference(FileNames.display(source.directory(), file), problem.get()));
      }
    }
  }

  private static Optional<String> compare(Path original, Path copy) {
    try {
      if (!Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of("missing");
      }
      if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of("type");
      }
      if (Files.size(original) != Files.size(copy)) {
        return Optional.of("size");
      }
      return sha256(original).equals(sha256(copy)) ? Optional.empty() : Optional.of("content");
    } catch (IOException e) {
      // A source file that vanished or became unreadable meanwhile says nothing about the store.
      return Files.exists(original) && Files.isReadable(original)
          ? Optional.of("unreadable copy: " + e.getMessage())
          : Optional.empty();
    }
  }

  private static HashCode sha256(Path file) throws IOException {
    return MoreFiles.asByteSource(file).hash(Hashing.sha256());
  }
}
