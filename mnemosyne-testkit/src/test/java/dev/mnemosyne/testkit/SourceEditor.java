package dev.mnemosyne.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Changes a source directory between runs, repeatably: adds, changes and deletes files, stamped with a given time. */
final class SourceEditor {
  private final Path root;
  private final Random random;
  private int counter;

  SourceEditor(Path root, long seed) {
    this.root = root;
    this.random = new Random(seed);
  }

  /** Fills the directory with a few files in nested directories. */
  SourceEditor seed(Instant at) {
    for (int i = 0; i < 4; i++) {
      write("file-" + i + ".txt", "initial " + i, at);
    }
    write("sub/deeper/nested.txt", "nested", at);
    write("sub/other.bin", "x".repeat(300), at);
    return this;
  }

  /** One round of changes: changes a file, and now and then adds or deletes one. */
  void change(Instant at) {
    List<Path> files = files();
    if (!files.isEmpty()) {
      Path victim = files.get(random.nextInt(files.size()));
      write(
          root.relativize(victim).toString(), "changed " + counter++ + " " + random.nextLong(), at);
    }
    if (random.nextInt(3) == 0) {
      write(
          (random.nextBoolean() ? "sub/" : "") + "added-" + counter++ + ".txt",
          "added " + random.nextInt(),
          at);
    }
    if (files.size() > 3 && random.nextInt(4) == 0) {
      try {
        Files.delete(files.get(random.nextInt(files.size())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  void write(String relative, String content, Instant at) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      Files.setLastModifiedTime(file, FileTime.from(at));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Path> files() {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
