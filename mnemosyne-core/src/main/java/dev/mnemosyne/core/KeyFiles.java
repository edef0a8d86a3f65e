package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.Remedy;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Step;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Creates and checks key files. A key is 32 random bytes written as 64 hex characters, as
 * the original tool wrote them, so its keys keep working.
 */
final class KeyFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyFiles() {}

  /**
   * Creates {@code keyFile} with mode 0600. The key is written to a private temporary file
   * and linked into place, so the key file appears complete or not at all, and an existing
   * key file is never overwritten.
   */
  static void create(Path keyFile) {
    refuseExisting(keyFile);
    Path dir = keyFile.toAbsolutePath().getParent();
    Path temp = null;
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      temp = Files.createTempFile(
          dir, ".mnemosyne-key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      try (OutputStream out =
          Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
        out.write(HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
      }
      Files.setPosixFilePermissions(temp, OWNER_ONLY);
      Files.createLink(keyFile, temp);
    } catch (FileAlreadyExistsException e) {
      throw new RefusedException(
          "key file " + keyFile + " exists already; refusing to overwrite it");
    } catch (IOException e) {
      throw new StepFailedException(Step.CREATE_KEY, keyFile + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the key is in place or the error above is reported; a stray temp file is private
        }
      }
    }
  }

  /**
   * Copies {@code from} to {@code to} with mode 0600, atomically as {@link #create} writes a
   * key: {@code to} appears complete or not at all, and is never overwritten.
   */
  static void copy(Path from, Path to) {
    Path dir = to.toAbsolutePath().getParent();
    Path temp = null;
    try {
      temp = Files.createTempFile(
          dir, ".mnemosyne-key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      try (OutputStream out =
          Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
        out.write(Files.readAllBytes(from));
      }
      Files.createLink(to, temp);
    } catch (IOException e) {
      throw new StepFailedException(
          Step.CREATE_KEY, "cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the copy is in place or the error above is reported; a stray temp file is private
        }
      }
    }
  }

  static void refuseExisting(Path keyFile) {
    if (Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
      throw new RefusedException("key file " + keyFile + " exists already; refusing to overwrite it"
          + " (it may be the only key to an existing store)");
    }
  }

  /**
   * Why {@code keyFile} cannot be used as a key, or empty if it can: it must exist, hold
   * something, and be private ({@link PrivateFiles}).
   */
  static Optional<String> problem(Path keyFile) {
    try {
      if (!Files.isRegularFile(keyFile)) {
        return Optional.of(
            "key file " + keyFile + " does not exist or is not a regular file; create it"
                + " (initialise the key) or restore it from your safe copy");
      }
      if (Files.size(keyFile) == 0) {
        return Optional.of("key file " + keyFile + " is empty");
      }
      return PrivateFiles.problem("key file", keyFile);
    } catch (NoSuchFileException e) {
      return Optional.of("key file " + keyFile + " does not exist");
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of("key file " + keyFile + " cannot be checked: " + e.getMessage());
    }
  }

  static void requireUsable(Path keyFile) {
    Optional<String> problem = problem(keyFile);
    if (problem.isPresent()) {
      throw Files.isRegularFile(keyFile)
          ? new EnvironmentNotReadyException(problem.get())
          : new EnvironmentNotReadyException(problem.get(), Remedy.INIT_KEY);
    }
  }
}
