package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.SpaceUsage;
import dev.mnemosyne.core.port.TransferProgress;
import java.nio.file.Path;

/**
 * Something that happened during a run, for progress displays and embedding tools. A backup
 * announces, in order: the opening steps ({@link StepStarted}), per directory {@link
 * DirectoryStarted}, its steps, {@link Progress} and {@link DirectoryFinished}; then the teardown
 * steps ({@link Step#UNMOUNT_FILESYSTEM}, {@link Step#CLOSE_VOLUME}, {@link Step#UNMOUNT_REMOTE},
 * the after hook, {@link Step#RELEASE_LOCK}) and last {@link RunFinished}, on success and on failure.
 */
public sealed interface BackupEvent {

  /** A step begins; {@code detail} says what it works on (a path, a stage name). */
  record StepStarted(Step step, String detail) implements BackupEvent {
    public StepStarted {
      requireNonNull(step, "step");
      requireNonNull(detail, "detail");
    }
  }

  /** The backup of one directory, named by its key ({@code "home"}), begins. */
  record DirectoryStarted(String key, Path source) implements BackupEvent {
    public DirectoryStarted {
      requireNonNull(key, "key");
      requireNonNull(source, "source");
    }
  }

  /** The copy of one key's directory made progress. */
  record Progress(String key, TransferProgress progress) implements BackupEvent {
    public Progress {
      requireNonNull(key, "key");
      requireNonNull(progress, "progress");
    }
  }

  /** One directory is done, successfully or not. */
  record DirectoryFinished(DirectoryReport report) implements BackupEvent {
    public DirectoryFinished {
      requireNonNull(report, "report");
    }
  }

  /** Something the user should know about; the run goes on. */
  record Warning(String message) implements BackupEvent {
    public Warning {
      requireNonNull(message, "message");
    }
  }

  /** Something worth saying that needs no action. */
  record Notice(String message) implements BackupEvent {
    public Notice {
      requireNonNull(message, "message");
    }
  }

  /** A path that a dry run of a restore would copy, relative to the stage, as rsync names it. */
  record WouldRestore(String path) implements BackupEvent {
    public WouldRestore {
      requireNonNull(path, "path");
    }
  }

  /** The free and total space inside the store and on the remote under it, as measured before copying. */
  record SpaceMeasured(SpaceUsage store, SpaceUsage remote) implements BackupEvent {
    public SpaceMeasured {
      requireNonNull(store, "store");
      requireNonNull(remote, "remote");
    }
  }

  /** How many stages (the live one and the history) one key has in the store after its backup. */
  record StagesKept(String key, int stages) implements BackupEvent {
    public StagesKept {
      requireNonNull(key, "key");
    }
  }

  /** A backup run ended, torn down and unlocked, successfully or not: the last event of the run. */
  record RunFinished(BackupReport report) implements BackupEvent {
    public RunFinished {
      requireNonNull(report, "report");
    }
  }
}
