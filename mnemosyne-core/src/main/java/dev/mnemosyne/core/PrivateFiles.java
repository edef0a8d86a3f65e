package dev.mnemosyne.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a file that holds a secret (the store's key file, a CIFS credentials file): it must be
 * owned by root or by the user running mnemosyne, and neither readable nor writable by group or
 * others. Whoever can read it has the secret; whoever can write it (or owns it, and so can make
 * it writable) can plant a key they know before {@code --init-store}, or a share of their own.
 */
final class PrivateFiles {
  private static final String ROOT = "root";

  private PrivateFiles() {}

  /**
   * Why the existing regular file {@code file}, called {@code what} in messages (e.g. "key
   * file"), is not private, with the command that fixes it; empty if it is.
   */
  static Optional<String> problem(String what, Path file) {
    try {
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        return Optional.of(what + " " + file + " is not a regular file");
      }
      Optional<String> owner = foreignOwner(file);
      if (owner.isPresent()) {
        String user = runningUser();
        return Optional.of(what + " " + file + " is owned by " + owner.get()
            + ", not by root or the user running" + " mnemosyne (" + user
            + "): another user could change it; run: chown " + user + " " + file);
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      List<String> access = new ArrayList<>();
      if (perms.contains(PosixFilePermission.GROUP_READ)
          || perms.contains(PosixFilePermission.OTHERS_READ)) {
        access.add("readable");
      }
      if (perms.contains(PosixFilePermission.GROUP_WRITE)
          || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
        access.add("writable");
      }
      if (!access.isEmpty()) {
        return Optional.of(
            what + " " + file + " is " + String.join(" and ", access) + " by group or others (mode "
                + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + file);
      }
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.of(what + " " + file + " does not exist");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.of(what + " " + file + " cannot be checked: " + e.getMessage());
    }
  }

  /**
   * The name of the user owning {@code path} when that is neither root nor the user this process
   * runs as (compared by uid); empty when it is one of them.
   */
  static Optional<String> foreignOwner(Path path) throws IOException {
    int owner = (Integer) Files.getAttribute(path, "unix:uid");
    int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    return owner == 0 || owner == self
        ? Optional.empty()
        : Optional.of(Files.getOwner(path).getName());
  }

  /** The user this process runs as. */
  private static String runningUser() {
    try {
      // /proc/self belongs to the process's effective user, which user.name need not be.
      return Files.getOwner(Path.of("/proc/self")).getName();
    } catch (IOException | UnsupportedOperationException e) {
      return System.getProperty("user.name", ROOT);
    }
  }
}
