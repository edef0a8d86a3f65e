package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.Stage;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code restore} did: from which stage and path (relative to the stage, {@code ""} for
 * all of it) into which directory, how many paths it copied (or, in a dry run, would copy),
 * and in a dry run the first {@link #LISTED_ITEMS} of those paths (every one of them went to
 * the listener as a {@link BackupEvent.WouldRestore} as rsync named it).
 */
public record RestoreReport(
    Stage stage, String path, Path target, boolean dryRun, long items, List<String> listed) {
  /** How many paths a dry run's report lists at most. */
  public static final int LISTED_ITEMS = 1000;

  public RestoreReport {
    requireNonNull(stage, "stage");
    requireNonNull(path, "path");
    requireNonNull(target, "target");
    listed = List.copyOf(listed);
  }

  /** Whether the dry run would restore more paths than {@code listed} holds. */
  public boolean truncated() {
    return items > listed.size() && dryRun;
  }
}
