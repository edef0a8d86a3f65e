package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads {@code /proc/self/mountinfo} to tell whether a directory is a mount point. */
final class MountTable {
  static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private final Path mountinfo;

  MountTable(Path mountinfo) {
    this.mountinfo = requireNonNull(mountinfo, "mountinfo");
  }

  /** Whether something is mounted exactly on {@code directory}. */
  boolean isMountPoint(Path directory) {
    String wanted = directory.toAbsolutePath().normalize().toString();
    return mountPoints().contains(wanted);
  }

  /** The mount points, in the order the kernel lists them. */
  List<String> mountPoints() {
    try {
      return Files.readAllLines(mountinfo, StandardCharsets.UTF_8).stream()
          .map(line -> Splitter.on(' ').splitToList(line))
          .filter(fields -> fields.size() > 4)
          .map(fields -> unescape(fields.get(4)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + mountinfo, e);
    }
  }

  /** The kernel writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
  static String unescape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
