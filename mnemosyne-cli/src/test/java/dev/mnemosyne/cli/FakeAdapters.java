package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.port.Backend;
import dev.mnemosyne.testkit.FakeEnvironment;
import java.time.Clock;

/**
 * The command over a testkit environment: its fakes as the backend (the dry-run one for
 * {@code --dry-run}) and its test clock as the core's clock.
 */
record FakeAdapters(FakeEnvironment env, Runnable onWiring) implements Adapters {
  FakeAdapters {
    requireNonNull(env, "env");
    requireNonNull(onWiring, "onWiring");
  }

  FakeAdapters(FakeEnvironment env) {
    this(env, () -> {});
  }

  @Override
  public Backend backend(Settings settings) {
    onWiring.run();
    return settings.dryRun() ? env.dryRunBackend() : env.backend();
  }

  @Override
  public Clock clock() {
    return env.clock();
  }
}
