package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
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

  /**
   * Where the devices whose kernel names are {@code deviceNames} ({@code loop3}, {@code dm-0})
   * are mounted, told by each mount's source, e.g. {@code /dev/mapper/mnemosyne-…} for {@code dm-0}.
   */
  List<String> mountPointsOf(Collection<String> deviceNames) {
    List<String> found = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
        List<String> fields = Splitter.on(' ').splitToList(line);
        int separator = fields.indexOf("-");
        if (fields.size() <= 4 || separator < 0 || separator + 2 >= fields.size()) {
          continue;
        }
        String source = unescape(fields.get(separator + 2));
        if (source.startsWith("/dev/")
            && (deviceNames.contains(kernelName(Path.of(source)))
                || deviceNames.contains(Path.of(source).getFileName().toString()))) {
          found.add(unescape(fields.get(4)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + mountinfo, e);
    }
    return List.copyOf(found);
  }

  /**
   * {@code kernelNames} with, for each device-mapper device ({@code dm-0}), its mapping's name as
   * {@code /sys/block/dm-0/dm/name} gives it: without udev, {@code /dev/mapper/<name>} is a device
   * node of its own rather than a link to {@code ../dm-0}.
   */
  static List<String> withMappingNames(Collection<String> kernelNames, Path sysBlock) {
    List<String> names = new ArrayList<>(kernelNames);
    for (String name : kernelNames) {
      Path mapping = sysBlock.resolve(name).resolve("dm").resolve("name");
      try {
        if (Files.isRegularFile(mapping)) {
          names.add(Files.readString(mapping, StandardCharsets.UTF_8).strip());
        }
      } catch (IOException e) {
        // the kernel name alone is still matched
      }
    }
    return List.copyOf(names);
  }

  /** The kernel's name of a device node: {@code /dev/mapper/x} is a link to {@code ../dm-0}. */
  static String kernelName(Path device) {
    try {
      return device.toRealPath().getFileName().toString();
    } catch (IOException e) {
      return device.getFileName().toString();
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
