package dev.mnemosyne.core.port;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Hook;
import dev.mnemosyne.core.model.Step;
import java.util.List;
import java.util.Map;

/**
 * Runs a backup's hooks: the hook's program with its arguments as they are (no shell), as the
 * user mnemosyne runs as, with a small fixed base environment plus {@code variables} (never a
 * secret), stopped together with every process it started when it runs out of time or the run
 * is interrupted.
 */
public interface HookRunner {

  /**
   * Runs {@code hook} to its end.
   *
   * @param phase when it runs, which names the step of its failures
   * @param variables added to the base environment, e.g. {@code MNEMOSYNE_STORE}
   * @return the last lines the hook printed (a bounded tail of stdout and stderr, as the lines arrived)
   * @throws StepFailedException if it cannot be started or exits non-zero ({@code ERROR}), runs out
   *     of time ({@code TIMEOUT}) or the run is interrupted ({@code CANCELLED}); the step is the
   *     phase's, the message ends with the hook's last output
   */
  List<String> run(Hook hook, Hook.Phase phase, Map<String, String> variables);

  /** The step a hook of {@code phase} is. */
  static Step step(Hook.Phase phase) {
    return phase == Hook.Phase.BEFORE ? Step.RUN_BEFORE_HOOK : Step.RUN_AFTER_HOOK;
  }
}
