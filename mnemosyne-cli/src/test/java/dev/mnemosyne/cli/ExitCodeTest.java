package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.failure.ConfigProblem;
import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExitCodeTest {

  @Test
  void theNumbersAreTheDocumentedOnes() {
    assertThat(Arrays.stream(ExitCode.values()).map(ExitCode::code).collect(Collectors.toList()))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 129, 130, 143);
  }

  @Test
  void eachKindOfFailureHasItsCode() {
    assertThat(ExitCode.forFailure(new ConfigException(List.of(new ConfigProblem("$", "bad")))))
        .isEqualTo(ExitCode.CONFIG_ERROR);
    assertThat(
            ExitCode.forFailure(new StoreLockedException(new StoreId("s"), OptionalLong.empty())))
        .isEqualTo(ExitCode.STORE_LOCKED);
    assertThat(ExitCode.forFailure(new RefusedException("exists"))).isEqualTo(ExitCode.REFUSED);
    assertThat(ExitCode.forFailure(new EnvironmentNotReadyException("no key")))
        .isEqualTo(ExitCode.ENVIRONMENT_NOT_READY);
    assertThat(ExitCode.forFailure(
            new StepFailedException(Step.OPEN_VOLUME, Reason.WRONG_KEY, "wrong")))
        .isEqualTo(ExitCode.ENVIRONMENT_NOT_READY);
    assertThat(ExitCode.forFailure(new StepFailedException(Step.TRANSFER, Reason.NO_SPACE, "full")))
        .isEqualTo(ExitCode.NO_SPACE);
    assertThat(ExitCode.forFailure(
            new StepFailedException(Step.TRANSFER, Reason.CANCELLED, "stopped")))
        .isEqualTo(ExitCode.INTERRUPTED);
    assertThat(
            ExitCode.forFailure(new StepFailedException(Step.MOUNT_REMOTE, Reason.TIMEOUT, "slow")))
        .isEqualTo(ExitCode.FAILURE);
    assertThat(ExitCode.forFailure(new StepFailedException(Step.MOUNT_REMOTE, "refused")))
        .isEqualTo(ExitCode.FAILURE);
    assertThat(ExitCode.forFailure(new StepFailedException(Step.RUN_BEFORE_HOOK, "exited with 1")))
        .isEqualTo(ExitCode.HOOK_FAILED);
    assertThat(ExitCode.forFailure(
            new StepFailedException(Step.RUN_BEFORE_HOOK, Reason.TIMEOUT, "slow")))
        .isEqualTo(ExitCode.HOOK_FAILED);
    assertThat(ExitCode.forFailure(
            new StepFailedException(Step.RUN_BEFORE_HOOK, Reason.CANCELLED, "stopped")))
        .isEqualTo(ExitCode.INTERRUPTED);
    assertThat(ExitCode.forFailure(new MnemosyneException("other"))).isEqualTo(ExitCode.FAILURE);
    assertThat(ExitCode.forFailure(new IllegalStateException("bug"))).isEqualTo(ExitCode.FAILURE);
  }
}
