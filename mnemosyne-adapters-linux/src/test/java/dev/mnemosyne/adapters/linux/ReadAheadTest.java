package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk beside rsync: every entry once, nothing held open once closed, never a failure. */
class ReadAheadTest {
  @TempDir
  Path temp;

  @Test
  void itLooksAtEveryEntryOnce() throws Exception {
    Path root = tree(temp.resolve("copy"), 7, 30);
    long expected;
    try (Stream<Path> all = Files.walk(root)) {
      expected = all.count();
    }

    ReadAhead readAhead = ReadAhead.start(root);
    while (readAhead.running()) {
      Thread.sleep(5);
    }
    readAhead.close();

    assertThat(readAhead.entries()).isEqualTo(expected);
  }

  @Test
  void closingStopsTheWalkAndLetsGoOfEveryDirectory() throws Exception {
    Path root = tree(temp.resolve("copy"), 40, 250);

    ReadAhead readAhead = ReadAhead.start(root);
    readAhead.close();

    assertThat(readAhead.running()).isFalse();
    assertThat(openUnder(root)).isEmpty();
    long seen = readAhead.entries();
    Thread.sleep(50);
    assertThat(readAhead.entries()).isEqualTo(seen);
  }

  @Test
  void aRootThatIsNotThereEndsTheWalkQuietly() {
    ReadAhead readAhead = ReadAhead.start(temp.resolve("missing"));
    readAhead.close();

    assertThat(readAhead.running()).isFalse();
    assertThat(readAhead.entries()).isZero();
  }

  @Test
  void entriesRemovedWhileItWalksAreSkipped() throws Exception {
    Path root = tree(temp.resolve("copy"), 20, 100);

    ReadAhead readAhead = ReadAhead.start(root);
    try (Stream<Path> all = Files.walk(root)) {
      // Deepest first, as rsync --delete removes them, while the walk may be anywhere.
      for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
    while (readAhead.running()) {
      Thread.sleep(5);
    }
    readAhead.close();

    assertThat(root).doesNotExist();
  }

  private static Path tree(Path root, int directories, int files) throws IOException {
    for (int d = 0; d < directories; d++) {
      Path dir = Files.createDirectories(root.resolve("d" + d).resolve("sub"));
      for (int f = 0; f < files; f++) {
        Files.writeString(dir.resolve("f" + f), "x");
      }
    }
    return root;
  }

  /** This process's open file descriptors that point under {@code root}. */
  private static List<Path> openUnder(Path root) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.flatMap(fd -> {
            try {
              return Stream.of(Files.readSymbolicLink(fd));
            } catch (IOException gone) {
              return Stream.empty();
            }
          })
          .filter(target -> target.startsWith(root))
          .toList();
    }
  }
}
