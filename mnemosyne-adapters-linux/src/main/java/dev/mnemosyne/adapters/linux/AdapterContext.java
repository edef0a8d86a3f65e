package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What every adapter shares: the command runner, the private runtime directory, and whether
 * this is a dry run (then file side effects are described instead of done, and reads of the
 * store find nothing).
 */
final class AdapterContext {
  static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

  private final CommandRunner runner;
  private final Path runtimeDirectory;
  private final Optional<Consumer<String>> dryRun;
  private final Pauses pauses;

  AdapterContext(
      CommandRunner runner,
      Path runtimeDirectory,
      Optional<Consumer<String>> dryRun,
      Pauses pauses) {
    this.runner = requireNonNull(runner, "runner");
    this.runtimeDirectory = requireNonNull(runtimeDirectory, "runtimeDirectory");
    this.dryRun = requireNonNull(dryRun, "dryRun");
    this.pauses = requireNonNull(pauses, "pauses");
  }

  CommandRunner runner() {
    return runner;
  }

  Pauses pauses() {
    return pauses;
  }

  boolean isDryRun() {
    return dryRun.isPresent();
  }

  /** In a dry run, tells what would be done; otherwise does nothing. */
  void describe(String wouldDo) {
    dryRun.ifPresent(out -> out.accept(wouldDo));
  }

  /** Where every store's mount points, records and locks live. */
  Path runtimeDirectory() {
    return runtimeDirectory;
  }

  /** {@code <runtimeDirectory>/<store>}: where the store's mount points and records live. */
  Path storeDirectory(StoreId store) {
    return runtimeDirectory.resolve(store.value());
  }

  /** {@code <runtimeDirectory>/<store>.lock}. */
  Path lockFile(StoreId store) {
    return runtimeDirectory.resolve(store.value() + ".lock");
  }

  /** Creates (or describes creating) {@code <runtimeDirectory>/<store>/<name>} as a private directory. */
  Path privateDirectory(StoreId store, String name, Step step) {
    Path dir = storeDirectory(store).resolve(name);
    if (isDryRun()) {
      describe("would create directory " + dir + " (mode 0700)");
      return dir;
    }
    createPrivateDirectory(runtimeDirectory, step);
    createPrivateDirectory(storeDirectory(store), step);
    createPrivateDirectory(dir, step);
    return dir;
  }

  /** Creates (in a dry run: nothing) {@code <runtimeDirectory>/<store>} as a private directory. */
  Path createStoreDirectory(StoreId store, Step step) {
    Path dir = storeDirectory(store);
    if (!isDryRun()) {
      createPrivateDirectory(runtimeDirectory, step);
      createPrivateDirectory(dir, step);
    }
    return dir;
  }

  /** Creates the runtime directory itself (mode 0700) if it is missing. */
  void createRuntimeDirectory(Step step) {
    createPrivateDirectory(runtimeDirectory, step);
  }

  /**
   * Creates {@code dir} with mode 0700; a directory that exists already must be private: it is
   * never widened or narrowed, so that a mistaken setting cannot change e.g. {@code /tmp}.
   */
  private static void createPrivateDirectory(Path dir, Step step) {
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir.getParent());
        try {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
          return;
        } catch (FileAlreadyExistsException raced) {
          if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw raced;
          }
        }
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
      if (!PRIVATE_DIRECTORY.containsAll(mode)) {
        throw new StepFailedException(
            step,
            "the directory " + dir + " is open to other users (mode "
                + PosixFilePermissions.toString(mode)
                + "); mount points and credentials need a private one:"
                + " chmod 700 it, or choose another runtime directory");
      }
    } catch (IOException e) {
      throw new StepFailedException(
          step, "cannot create the private directory " + dir + ": " + e, e);
    }
  }

  /** Removes an empty directory we created; a directory that is not empty or in use stays. */
  void removeDirectoryQuietly(Path dir) {
    if (isDryRun()) {
      return;
    }
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(AdapterContext.class)
          .debug("kept {}: {}", dir, e.toString());
    }
  }
}
