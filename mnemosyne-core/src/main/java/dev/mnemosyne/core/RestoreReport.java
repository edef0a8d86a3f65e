package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.Stage;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code restore} did: from which stage and path (relative to the stage, {@code ""} for
 * all of it) into which directory, how many paths it copied (or, in a dry run, would copy),
 * and in a dry run those paths.
 */
public record RestoreReport(Stage stage, String path, Path target, boolean dryRun, long items, List<String> listed) {
  public RestoreReport {
    requireNonNull(stage, "stage");
    requireNonNull(path, "path");
    requireNonNull(target, "target");
    listed = List.copyOf(listed);
  }
}
