package dev.mnemosyne.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StageTest {

  @ParameterizedTest
  @CsvSource({
    "etc.0, etc, 0",
    "home.1, home, 1",
    "var-lib.12, var-lib, 12",
    "A_b-9.999999, A_b-9, 999999"
  })
  void parsesAStageName(String name, String key, int index) {
    assertThat(Stage.parse(name)).contains(new Stage(new StageKey(key), index));
    assertThat(Stage.parse(name).orElseThrow().name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "etc",
        "etc.",
        ".0",
        "etc.01",
        "etc.-1",
        "etc.1234567",
        "etc.last",
        "etc.sync",
        "e/tc.1",
        "a.b.1",
        "etc.1.tmp",
        "etc .1",
        " etc.1",
        "etc.1 ",
        "\u00e9tc.1",
        "backup.btrfs",
        "lost+found",
        ".mnemosyne-store"
      })
  void otherNamesAreNoStage(String name) {
    assertThat(Stage.parse(name)).isEmpty();
  }

  @Test
  void aKeyOfSixtyFourCharactersIsTheLongest() {
    assertThat(Stage.parse("k".repeat(64) + ".1")).isPresent();
    assertThat(Stage.parse("k".repeat(65) + ".1")).isEmpty();
  }

  @Test
  void theLiveStageIsIndexZero() {
    StageKey etc = new StageKey("etc");

    assertThat(Stage.live(etc)).isEqualTo(new Stage(etc, 0));
    assertThat(Stage.live(etc).isLive()).isTrue();
    assertThat(new Stage(etc, 1).isLive()).isFalse();
    assertThat(Stage.live(etc)).hasToString("etc.0");
    assertThatIllegalArgumentException().isThrownBy(() -> new Stage(etc, -1));
  }

  @Test
  void sortsByKeyThenIndex() {
    List<Stage> stages = new ArrayList<>(List.of(
        Stage.parse("home.10").orElseThrow(),
        Stage.parse("etc.1").orElseThrow(),
        Stage.parse("home.2").orElseThrow(),
        Stage.parse("etc.0").orElseThrow()));
    Collections.sort(stages);

    assertThat(stages)
        .extracting(Stage::name)
        .containsExactly("etc.0", "etc.1", "home.2", "home.10");
  }
}
