package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * What {@code <runtime>/<store>/loop} says: the image a store attached to a loop device, and
 * the device once {@code losetup} named it. It is written before the attach (so that a run
 * that dies in between still leaves a trace) and removed after the detach.
 */
record LoopRecord(Path image, Optional<Path> device) {
  LoopRecord {
    requireNonNull(image, "image");
    requireNonNull(device, "device");
  }

  String format() {
    return "image=" + image + "\n" + device.map(d -> "device=" + d + "\n").orElse("");
  }

  /** Parses a record; empty for one that does not look like ours. */
  static Optional<LoopRecord> parse(String text) {
    Optional<Path> image = Optional.empty();
    Optional<Path> device = Optional.empty();
    for (String line : Splitter.on('\n').omitEmptyStrings().split(text)) {
      if (line.startsWith("image=/")) {
        image = Optional.of(Path.of(line.substring(6)));
      } else if (line.startsWith("device=/dev/loop")) {
        device = Optional.of(Path.of(line.substring(7)));
      } else {
        return Optional.empty();
      }
    }
    Optional<Path> loop = device;
    return image.map(i -> new LoopRecord(i, loop));
  }

  /** Reads the record at {@code file}, if there is one. */
  static Optional<LoopRecord> read(Path file) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Replaces the record at {@code file} atomically. */
  void write(Path file) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(
        temp,
        format(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The devices {@code losetup -j IMAGE} lists: lines like {@code /dev/loop3: [2049]:1234 (/nas/store.img)}. */
  static List<Path> devicesListed(List<String> losetupLines) {
    return losetupLines.stream()
        .map(String::trim)
        .filter(l -> l.startsWith("/dev/loop") && l.contains(":"))
        .map(l -> Path.of(l.substring(0, l.indexOf(':'))))
        .toList();
  }
}
