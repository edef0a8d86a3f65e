package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpellingTest {

  @ParameterizedTest
  @CsvSource({
    "backup, backup, 0",
    "bakcup, backup, 1",
    "backp, backup, 1",
    "backkup, backup, 1",
    "bcakpu, backup, 2",
    "mount, unmount, 2",
    "'', all, 3"
  })
  void theDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps(String a, String b, int distance) {
    assertThat(Spelling.distance(a, b)).isEqualTo(distance);
    assertThat(Spelling.distance(b, a)).isEqualTo(distance);
  }

  @Test
  void aMisspeltStartOfALongWordIsCloseToIt() {
    assertThat(Spelling.closest("verify-envi", List.of("verify", "verify-environment")))
        .containsExactly("verify-environment");
    assertThat(Spelling.closest("chnage", List.of("change-key", "check-config")))
        .containsExactly("change-key");
  }

  @Test
  void allTheClosestAreNamedAndAnExactWordAlone() {
    assertThat(Spelling.closest("cat", List.of("bat", "dog", "hat"))).containsExactly("bat", "hat");
    assertThat(Spelling.closest("verify", List.of("verify", "verify-environment")))
        .containsExactly("verify");
  }

  @Test
  void aWordFarFromEveryOtherHasNoClosest() {
    assertThat(Spelling.closest("frobnicate", List.of("backup", "force", "verify")))
        .isEmpty();
    assertThat(Spelling.closest("xyz", List.of("all", "json"))).isEmpty();
  }
}
