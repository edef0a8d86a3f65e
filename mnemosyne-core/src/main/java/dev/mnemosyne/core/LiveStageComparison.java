package dev.mnemosyne.core;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import dev.mnemosyne.core.VerifyReport.Difference;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.port.Step;
import dev.mnemosyne.core.port.StepFailedException;
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

/**
 * Compares a sample of a source's regular files with their copies in the live stage, by size
 * and SHA-256. Only files last modified before the last complete sync are eligible: anything
 * newer is an expected difference. A file missing from the stage counts only where the key has
 * no excludes (an excluded file is missing on purpose).
 */
final class LiveStageComparison {
  private final SourceDirectory source;
  private final Path live;
  private final Instant lastSync;
  private final Optional<Integer> sample;
  private final Random random;

  LiveStageComparison(SourceDirectory source, Path live, Instant lastSync, Optional<Integer> sample, Random random) {
    this.source = source;
    this.live = live;
    this.lastSync = lastSync;
    this.sample = sample;
    this.random = random;
  }

  VerifyReport.KeyCheck run() {
    List<Path> chosen = new ArrayList<>();
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
            // Reservoir sampling: every eligible file has the same chance to be compared.
            if (sample.isEmpty() || chosen.size() < sample.get()) {
              chosen.add(file);
            } else {
              long slot = (long) (random.nextDouble() * eligible[0]);
              if (slot < sample.get()) {
                chosen.set((int) slot, file);
              }
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new StepFailedException(Step.COMPARE, "cannot read " + source.directory() + ": " + e, e);
    }
    List<Difference> differences = new ArrayList<>();
    long compared = 0;
    for (Path file : chosen) {
      if (Thread.currentThread().isInterrupted()) {
        throw new StepFailedException(Step.COMPARE, StepFailedException.Reason.CANCELLED, "interrupted");
      }
      String relative = source.directory().relativize(file).toString();
      Optional<String> problem = compare(file, live.resolve(relative));
      if (problem.isPresent() && problem.get().equals("missing") && !source.excludes().isEmpty()) {
        continue;
      }
      compared++;
      problem.ifPresent(p -> differences.add(new Difference(relative, p)));
    }
    return new VerifyReport.KeyCheck(source.key(), source.directory(), Optional.of(lastSync), eligible[0], compared,
        differences, Optional.empty());
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
      return Files.exists(original) && Files.isReadable(original) ? Optional.of("unreadable copy: " + e.getMessage())
          : Optional.empty();
    }
  }

  private static HashCode sha256(Path file) throws IOException {
    return com.google.common.io.Files.asByteSource(file.toFile()).hash(Hashing.sha256());
  }
}
