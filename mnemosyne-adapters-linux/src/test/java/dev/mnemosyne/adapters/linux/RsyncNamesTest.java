package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RsyncNamesTest {
  @Test
  void aNameThatIsUtf8IsShownDecoded() {
    assertThat(RsyncNames.readable("donn\\#303\\#251es/\\#303\\#251t\\#303\\#251.txt"))
        .isEqualTo("donn\u00e9es/\u00e9t\u00e9.txt");
  }

  @Test
  void aNameThatIsNotUtf8KeepsRsyncsEscapesOfItsBytes() {
    assertThat(RsyncNames.readable("bad\\#377\\#376name")).isEqualTo("bad\\#377\\#376name");
  }

  @Test
  void plainAndHalfEscapedNamesAreLeftAsTheyAre() {
    assertThat(RsyncNames.readable("a/b.txt")).isEqualTo("a/b.txt");
    assertThat(RsyncNames.readable("odd\\#9")).isEqualTo("odd\\#9");
    assertThat(RsyncNames.readable("tab\\#011name")).isEqualTo("tab\tname");
  }
}
