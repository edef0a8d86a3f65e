package dev.mnemosyne.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class StageKeyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "etc",
        "home",
        "var-lib",
        "a",
        "A_Z-0_9",
        "-",
        "_",
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
      })
  void acceptsSafeNames(String value) {
    assertThat(StageKey.isValid(value)).isTrue();
    assertThat(new StageKey(value)).hasToString(value);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "e tc",
        "etc.0",
        "..",
        "../etc",
        "a/b",
        "a\\b",
        "\u00e9t\u00e9",
        "etc\n",
        "etc\u0000",
        "*",
        "$HOME",
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
      })
  void refusesAnythingThatCouldEscapeTheStoreOrLookLikeAStage(String value) {
    assertThat(StageKey.isValid(value)).isFalse();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new StageKey(value))
        .withMessageContaining("key");
  }
}
