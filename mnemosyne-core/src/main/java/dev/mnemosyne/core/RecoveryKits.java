package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.RefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The file work of a recovery kit: a private directory, private files, and removing a kit that failed. */
final class RecoveryKits {
  private static final Logger log = LoggerFactory.getLogger(RecoveryKits.class);
  private static final Set<PosixFilePermission> PRIVATE_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private RecoveryKits() {}

  /**
   * Creates {@code dir} with mode 0700, or makes an existing empty one 0700; refuses one that
   * exists and is not an empty directory. Returns whether it created the directory.
   */
  static boolean createDirectory(Path dir) {
    try {
      boolean existed = Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
      if (existed) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          throw new RefusedException(dir + " exists and is not a directory");
        }
        try (Stream<Path> children = Files.list(dir)) {
          if (children.findAny().isPresent()) {
            throw new RefusedException(
                dir + " is not empty; a recovery kit goes into a new or empty directory");
          }
        }
      } else {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
      }
      Files.setPosixFilePermissions(dir, PRIVATE_DIRECTORY);
      return !existed;
    } catch (IOException e) {
      throw new MnemosyneException("cannot create the recovery kit directory " + dir + ": " + e, e);
    }
  }

  static Path copyKey(Path keyFile, Path copy) {
    try {
      byte[] key = Files.readAllBytes(keyFile);
      Files.createFile(copy, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
      Files.write(copy, key, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      return copy;
    } catch (IOException e) {
      throw new MnemosyneException(
          "cannot copy the key file into " + copy + ": " + e.getMessage(), e);
    }
  }

  static Path write(Path file, String content) {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
      Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
      return file;
    } catch (IOException e) {
      throw new MnemosyneException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static Path makePrivate(Path file) {
    try {
      Files.setPosixFilePermissions(file, PRIVATE_FILE);
      return file;
    } catch (IOException e) {
      throw new MnemosyneException("cannot make " + file + " private: " + e.getMessage(), e);
    }
  }

  /**
   * Removes a kit that could not be completed, so that no half kit with a key lies around: its
   * files, and the directory too if the kit created it.
   */
  static void deleteQuietly(Path dir, boolean created) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (created || !path.equals(dir)) {
          Files.deleteIfExists(path);
        }
      }
    } catch (IOException e) {
      log.warn("could not remove the incomplete recovery kit {}: {}", dir, e.getMessage());
    }
  }
}
