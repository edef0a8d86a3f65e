package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.Remedy;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The path checks of {@code restore}: what is restored stays inside its stage, and nothing is
 * written into a non-empty directory or over the source directory unless forced.
 */
final class RestorePaths {
  private RestorePaths() {}

  /**
   * The path to restore, relative to the stage: a relative path that stays inside it, or an
   * absolute path under the key's source directory.
   */
  static Path inStage(String path, Optional<Path> sourceDirectory) {
    Path given;
    try {
      given = Path.of(path).normalize();
    } catch (InvalidPathException e) {
      throw new RefusedException("'" + path + "' is not a path: " + e.getMessage());
    }
    if (given.isAbsolute()) {
      Optional<Path> under = sourceDirectory.map(Path::normalize).filter(given::startsWith);
      if (under.isEmpty()) {
        throw new RefusedException("'" + path
            + "' is absolute but not under the key's source directory"
            + sourceDirectory.map(d -> " " + d).orElse("") + "; give a path relative to the stage");
      }
      given = under.get().relativize(given);
    }
    if (given.startsWith("..")) {
      throw new RefusedException("'" + path + "' leads out of the stage; refusing to restore it");
    }
    return given;
  }

  /** The path in the stage, refused if it does not exist or a symbolic link on the way leads out of the stage. */
  static Path confine(Path stageRoot, Path relative) {
    Path candidate = relative.toString().isEmpty() ? stageRoot : stageRoot.resolve(relative);
    if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
      throw new RefusedException("there is no " + relative + " in " + stageRoot.getFileName());
    }
    try {
      Path realStage = stageRoot.toRealPath();
      Path parent =
          candidate.equals(stageRoot) ? realStage : candidate.getParent().toRealPath();
      if (!parent.startsWith(realStage)) {
        throw new RefusedException("'" + relative
            + "' leads out of the stage through a symbolic link; refusing" + " to restore it");
      }
    } catch (IOException e) {
      throw new StepFailedException(Step.RESTORE, "cannot resolve " + candidate + ": " + e, e);
    }
    return candidate;
  }

  /** Refuses a target that is no directory, is not empty, or lies in the source directory, unless forced. */
  static void checkTarget(Path target, Optional<Path> sourceDirectory, boolean force) {
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new RefusedException("the target " + target + " exists and is not a directory");
    }
    if (force) {
      return;
    }
    Path real = SourceOverlaps.realPath(target);
    Optional<Path> source = sourceDirectory.map(SourceOverlaps::realPath);
    if (source.filter(real::startsWith).isPresent()) {
      throw new RefusedException(
          "the target " + target + " lies in the source directory " + source.get()
              + "; restoring over the live data must be forced",
          Remedy.FORCE);
    }
    if (Files.isDirectory(target)) {
      try (Stream<Path> children = Files.list(target)) {
        if (children.findAny().isPresent()) {
          throw new RefusedException(
              "the target " + target + " is not empty; choose an empty or new directory,"
                  + " or force the restore into it (files of the same name are overwritten)",
              Remedy.FORCE);
        }
      } catch (IOException e) {
        throw new MnemosyneException("cannot read the target " + target + ": " + e, e);
      }
    }
  }

  static void createTarget(Path target) {
    try {
      Files.createDirectories(target);
    } catch (IOException e) {
      throw new StepFailedException(
          Step.RESTORE, "cannot create the target " + target + ": " + e, e);
    }
  }
}
