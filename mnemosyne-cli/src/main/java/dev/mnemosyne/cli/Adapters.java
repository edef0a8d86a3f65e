package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.Mnemosyne;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Sets a run's ports on the core's builder: the Linux adapters in production, fakes in tests. */
@FunctionalInterface
interface Adapters {

  void wire(Mnemosyne.Builder builder, Settings settings);

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
