package dev.mnemosyne.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StateFilesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1732712345.8213573| 1732712345",
        "1732712345        | 1732712345",
        "1.7327e9          | 1732700000",
        "0                 | 0",
      })
  void readsTheOriginalsLastFileWithFractionalSeconds(String content, long seconds) {
    assertThat(StateFiles.parseLastRotation(content)).contains(Instant.ofEpochSecond(seconds));
  }

  @Test
  void toleratesTheWhitespaceAroundTheNumber() {
    assertThat(StateFiles.parseLastRotation("  1732712345.0\n"))
        .contains(Instant.ofEpochSecond(1_732_712_345L));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "never", "-1", "-0.5", "NaN", "Infinity", "1e20", "1e400", "12:00"})
  void anUnreadableLastFileReadsAsEmpty(String content) {
    assertThat(StateFiles.parseLastRotation(content)).isEmpty();
  }

  @Test
  void writesWholeSecondsThatReadBack() {
    Instant at = Instant.ofEpochSecond(1_732_712_345L, 999_000_000);

    assertThat(StateFiles.formatLastRotation(at)).isEqualTo("1732712345\n");
    assertThat(StateFiles.parseLastRotation(StateFiles.formatLastRotation(at)))
        .contains(Instant.ofEpochSecond(1_732_712_345L));
  }

  @Test
  void namesTheStateFilesOfAKey() {
    StageKey home = new StageKey("home");

    assertThat(StateFiles.lastRotation(home)).isEqualTo("home.last");
    assertThat(StateFiles.sync(home)).isEqualTo("home.sync");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {".mnemosyne-store", "etc.0", "etc.7", "home.last", "home.sync", "var-lib.last"})
  void recognisesTheEntriesOfAStore(String name) {
    assertThat(StateFiles.isStoreEntry(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lost+found",
        "backup.btrfs",
        ".last",
        ".sync",
        "e tc.last",
        "etc.lastx",
        "etc.0.tmp",
        "a.b.last",
        "etc",
        "etc.",
        "etc.01",
        ".mnemosyne-store.old",
        "home.last~"
      })
  void doesNotClaimAnythingElse(String name) {
    assertThat(StateFiles.isStoreEntry(name)).isFalse();
  }
}
