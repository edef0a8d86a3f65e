package dev.mnemosyne.core;

import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume.KeySlot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's record of the recovery kits exported for a store and the LUKS key slot each
 * kit's key opened (its number and salt): {@code <state directory>/<store id>/recovery-kits},
 * one line per kit, {@code <epoch seconds> <slot> <salt> <kit directory>}. A slot that is gone
 * from the header, or holds another salt, tells without the kit's key that the kit's key no
 * longer opens the store.
 */
final class KitRecords {
  static final String NAME = "recovery-kits";

  private final Path file;

  KitRecords(Path stateDirectory, StoreId store) {
    this.file = stateDirectory.resolve(store.value()).resolve(NAME);
  }

  /** One exported kit. */
  record Kit(Instant exported, KeySlot slot, Path directory) {}

  /** The kits recorded; unreadable lines are skipped. */
  List<Kit> read() throws IOException {
    List<Kit> kits = new ArrayList<>();
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return kits;
    }
    for (String line : content.split("\n")) {
      String[] words = line.split(" ", 4);
      if (words.length == 4) {
        try {
          kits.add(new Kit(
              Instant.ofEpochSecond(Long.parseLong(words[0])),
              new KeySlot(Integer.parseInt(words[1]), words[2]),
              Path.of(words[3])));
        } catch (IllegalArgumentException | DateTimeException unreadable) {
          // a damaged line counts as no record of its kit
        }
      }
    }
    return kits;
  }

  /** Adds {@code kit} to the record. */
  void add(Kit kit) throws IOException {
    StringBuilder content = new StringBuilder();
    for (Kit k : read()) {
      content.append(line(k));
    }
    content.append(line(kit));
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(NAME + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String line(Kit kit) {
    return kit.exported().getEpochSecond() + " " + kit.slot().number() + " "
        + kit.slot().salt() + " " + kit.directory() + "\n";
  }

  /** A warning for each recorded kit whose key slot the header no longer holds as it was. */
  List<String> stale(List<KeySlot> current) throws IOException {
    List<String> warnings = new ArrayList<>();
    for (Kit kit : read()) {
      if (!current.contains(kit.slot())) {
        warnings.add("the recovery kit exported to " + kit.directory() + " on " + kit.exported()
            + " holds a key that"
            + " no longer opens the store (key slot " + kit.slot().number()
            + " was removed or given another key);"
            + " export a new recovery kit and destroy the old one (its header copy still opens"
            + " with its key)");
      }
    }
    return warnings;
  }
}
