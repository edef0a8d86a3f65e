package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.port.Backend;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/** Chooses a run's backend: the Linux adapters in production, fakes in tests. */
@FunctionalInterface
interface Adapters {

  /** The backend for a run with {@code settings}; a dry run's backend says so ({@link Backend#dryRun()}). */
  Backend backend(Settings settings);

  /** The clock the core runs on: the host's in its time zone, unless a test's. */
  default Clock clock() {
    return Clock.systemDefaultZone();
  }

  /**
   * What the adapters need to know: where to keep mount points and locks, whether to only
   * describe the commands, and who hears each command (secrets redacted) as it runs or would run.
   */
  record Settings(Path runtimeDirectory, boolean dryRun, Consumer<String> commands) {
    public Settings {
      requireNonNull(runtimeDirectory, "runtimeDirectory");
      requireNonNull(commands, "commands");
    }
  }
}
