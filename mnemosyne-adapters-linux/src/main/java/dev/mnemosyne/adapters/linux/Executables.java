package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds programs: on PATH, then in the system directories a cron job's PATH often lacks
 * ({@code /usr/sbin}, {@code /sbin}). A missing program is reported with the Debian package
 * that provides it.
 */
final class Executables {
  /** The Debian package of each program the adapters use. */
  static final Map<String, String> PACKAGES = ImmutableMap.<String, String>builder()
      .put("mount", "mount")
      .put("umount", "mount")
      .put("losetup", "mount")
      .put("blockdev", "util-linux")
      .put("mount.cifs", "cifs-utils")
      .put("cryptsetup", "cryptsetup-bin")
      .put("mkfs.btrfs", "btrfs-progs")
      .put("btrfs", "btrfs-progs")
      .put("rsync", "rsync")
      .buildOrThrow();

  private static final List<String> SYSTEM_DIRECTORIES =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  private final List<Path> directories;
  private final Map<String, Path> found = new ConcurrentHashMap<>();

  Executables(List<Path> directories) {
    this.directories = ImmutableList.copyOf(directories);
  }

  /** Searches the current PATH, then the system directories. */
  static Executables fromPath() {
    Set<String> dirs = new LinkedHashSet<>();
    Optional.ofNullable(System.getenv("PATH"))
        .ifPresent(path -> Splitter.on(':').omitEmptyStrings().split(path).forEach(dirs::add));
    dirs.addAll(SYSTEM_DIRECTORIES);
    return new Executables(
        dirs.stream().filter(d -> d.startsWith("/")).map(Path::of).toList());
  }

  /** The absolute path of {@code tool}, if it is installed. */
  Optional<Path> find(String tool) {
    requireNonNull(tool, "tool");
    Path known = found.get(tool);
    if (known != null) {
      return Optional.of(known);
    }
    for (Path dir : directories) {
      Path candidate = dir.resolve(tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        found.put(tool, candidate);
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The absolute path of {@code tool}.
   *
   * @throws StepFailedException naming the tool and its package when it is not installed
   */
  Path require(String tool, Step step) {
    return find(tool).orElseThrow(() -> new StepFailedException(step, missing(tool)));
  }

  /** Why a tool cannot be run, and what to install. */
  static String missing(String tool) {
    return "the program " + tool + " is not installed (not found on PATH nor in /usr/sbin, /sbin); "
        + fix(tool);
  }

  /** What to do about a missing tool. */
  static String fix(String tool) {
    String pkg = PACKAGES.get(tool);
    return pkg == null
        ? "install " + tool
        : "install the Debian package " + pkg + " (apt-get install " + pkg + ")";
  }
}
