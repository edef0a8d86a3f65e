package dev.mnemosyne.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.StageKey;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to restore and where: the stage {@code key.stage}, a path inside it ({@code ""} for
 * all of it; relative to the stage, or an absolute path under the key's source directory), and
 * the target directory. Made with {@link #of(String, Path)} and refined by name:
 * {@code RestoreRequest.of("home.1:alice/notes", target).overwrite().asDryRun()}. Unless
 * {@code force} ({@link #overwrite()}), a non-empty target or one inside the key's source
 * directory is refused. With {@code dryRun} ({@link #asDryRun()}) nothing is written; the
 * report lists what would be.
 */
public record RestoreRequest(
    StageKey key, int stage, String path, Path target, boolean force, boolean dryRun) {
  private static final Pattern SPEC =
      Pattern.compile("([A-Za-z0-9_-]{1,64})(?:\\.(0|[1-9][0-9]{0,5}))?(?::(.*))?", Pattern.DOTALL);

  public RestoreRequest {
    requireNonNull(key, "key");
    requireNonNull(path, "path");
    requireNonNull(target, "target");
    checkArgument(stage >= 0, "stage (%s) must not be negative", stage);
    checkArgument(path.indexOf('\0') < 0, "the path must not hold a NUL character");
  }

  /**
   * Reads {@code KEY[.STAGE][:PATH]} (the stage defaults to the live one, 0), to be restored into
   * {@code target}, which must be empty and outside the key's source directory; nothing is overwritten.
   *
   * @throws IllegalArgumentException if {@code spec} has another form
   */
  public static RestoreRequest of(String spec, Path target) {
    requireNonNull(spec, "spec");
    Matcher m = SPEC.matcher(spec);
    checkArgument(
        m.matches(), "'%s' is not KEY[.STAGE][:PATH] (e.g. home.2:docs/report.odt)", spec);
    int stage = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    String path = m.group(3) == null ? "" : m.group(3);
    return new RestoreRequest(new StageKey(m.group(1)), stage, path, target, false, false);
  }

  /**
   * This request, also into a non-empty target or one inside the key's source directory,
   * overwriting files of the same name there (the command line's {@code --force}).
   */
  public RestoreRequest overwrite() {
    return new RestoreRequest(key, stage, path, target, true, dryRun);
  }

  /** This request as a dry run: the store is opened, nothing is written, the report lists what would be. */
  public RestoreRequest asDryRun() {
    return new RestoreRequest(key, stage, path, target, force, true);
  }
}
