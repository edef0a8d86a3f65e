package dev.mnemosyne.core;

import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.StoreId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client's record of each key's last successful backup, kept outside the store so that
 * {@code status} needs to mount nothing: {@code <state directory>/<store id>/status}, one line
 * per key, {@code <key> <epoch seconds>}.
 */
final class StatusFile {
  static final String NAME = "status";

  private final Path file;

  StatusFile(Path stateDirectory, StoreId store) {
    this.file = stateDirectory.resolve(store.value()).resolve(NAME);
  }

  Path path() {
    return file;
  }

  /** The last successful backup of each key recorded; unreadable lines are skipped. */
  Map<StageKey, Instant> read() throws IOException {
    Map<StageKey, Instant> last = new TreeMap<>();
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return last;
    }
    for (String line : content.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length == 2 && StageKey.isValid(words[0])) {
        try {
          last.put(new StageKey(words[0]), Instant.ofEpochSecond(Long.parseLong(words[1])));
        } catch (NumberFormatException | DateTimeException unreadable) {
          // a damaged line counts as no record for its key
        }
      }
    }
    return last;
  }

  /** Records that {@code keys} were backed up successfully {@code at}, keeping the other keys' records. */
  void record(Iterable<StageKey> keys, Instant at) throws IOException {
    Map<StageKey, Instant> last = read();
    keys.forEach(key -> last.put(key, at));
    StringBuilder content = new StringBuilder();
    last.forEach((key, when) ->
        content.append(key.value()).append(' ').append(when.getEpochSecond()).append('\n'));
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(NAME + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
