package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.Remedy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The core's remedies come out as the flag that gets past the failure, and only where the core names one. */
class RemedyTextTest {

  @Test
  void eachRemedyNamesItsFlag() {
    Map<Remedy, String> flags = Map.of(
        Remedy.INIT_KEY,
        "--init-key",
        Remedy.INIT_STORE,
        "--init-store",
        Remedy.CHANGE_KEY,
        "--change-key",
        Remedy.FORCE,
        "--force");
    for (Remedy remedy : Remedy.values()) {
      assertThat(RemedyText.text(remedy)).as(remedy.name()).contains(flags.get(remedy));
    }
  }

  @Test
  void aFailureWithARemedyGetsItsTextAndOneWithoutGetsNone() {
    assertThat(RemedyText.of(new RefusedException("there is no store image", Remedy.INIT_STORE)))
        .contains("run --init-store first");
    assertThat(RemedyText.of(new EnvironmentNotReadyException("no key", Remedy.INIT_KEY)))
        .get()
        .asString()
        .startsWith("run --init-key");
    assertThat(RemedyText.of(new MnemosyneException("something else"))).isEmpty();
    assertThat(RemedyText.of(new IllegalStateException("not ours"))).isEmpty();
  }
}
