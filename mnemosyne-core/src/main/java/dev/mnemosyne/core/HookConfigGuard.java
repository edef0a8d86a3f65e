package dev.mnemosyne.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a configuration with hooks that someone else could change: whoever can write the file
 * (or replace it in its directory) chooses the programs root runs. The file and its directory
 * must belong to root or to the user running mnemosyne, and neither may be writable by group
 * or others.
 */
final class HookConfigGuard {
  private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
      EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private HookConfigGuard() {}

  /** What is wrong with {@code configFile} for a configuration with hooks, and the fix; empty if nothing is. */
  static Optional<String> problem(Path configFile) {
    Path file = configFile.toAbsolutePath();
    Optional<String> problem = problemOf(file, "file");
    Path dir = file.getParent();
    return problem.isPresent() || dir == null ? problem : problemOf(dir, "directory");
  }

  private static Optional<String> problemOf(Path path, String what) {
    try {
      Optional<String> owner = PrivateFiles.foreignOwner(path);
      if (owner.isPresent()) {
        return Optional.of(
            refusal(path, what, "belongs to user " + owner.get(), "chown root " + path));
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
      if (mode.stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
        return Optional.of(refusal(
            path,
            what,
            "is writable by "
                + (mode.contains(PosixFilePermission.OTHERS_WRITE) ? "everyone" : "its group")
                + " (mode " + PosixFilePermissions.toString(mode) + ")",
            "chmod go-w " + path));
      }
      return Optional.empty();
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | ClassCastException e) {
      return Optional.of("cannot check who may change the configuration " + what + " " + path
          + ", which has hooks: " + e.getMessage());
    }
  }

  private static String refusal(Path path, String what, String why, String fix) {
    return "the configuration " + what + " " + path + " " + why
        + ", and the configuration has hooks, which run as" + " " + System.getProperty("user.name")
        + ": whoever can change it chooses what runs. Run: " + fix;
  }
}
