package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Output split into lines the same way whether it comes byte by byte or in blocks of any size. */
class OutputLinesTest {
  private static List<String> byteByByte(byte[] output) {
    List<String> lines = new ArrayList<>();
    OutputLines split = new OutputLines(lines::add);
    for (byte b : output) {
      split.write(b);
    }
    split.finish();
    return lines;
  }

  private static List<String> inBlocks(byte[] output, Random sizes) {
    List<String> lines = new ArrayList<>();
    OutputLines split = new OutputLines(lines::add);
    for (int at = 0; at < output.length; ) {
      int n = Math.min(output.length - at, sizes.nextInt(3 * OutputLines.MAX_LINE_BYTES) + 1);
      split.write(output, at, n);
      at += n;
    }
    split.finish();
    return lines;
  }

  @Test
  void blocksOfAnySizeGiveTheLinesThatBytesGive() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      text.append("  ").append(i * 4096).append("  12%  1.00MB/s  0:00:0").append(i % 10);
      text.append(i % 3 == 0 ? "\r" : "\n");
      if (i % 500 == 0) {
        text.append("x".repeat(OutputLines.MAX_LINE_BYTES * 2 + 17)).append("\r\n");
      }
    }
    text.append("Total file size: 4,096 bytes");
    byte[] output = text.toString().getBytes(StandardCharsets.UTF_8);
    List<String> expected = byteByByte(output);

    for (long seed = 1; seed <= 5; seed++) {
      assertThat(inBlocks(output, new Random(seed))).isEqualTo(expected);
    }
    assertThat(expected).hasSize(2_000 + 4 * 3 + 1);
    assertThat(expected)
        .allSatisfy(
            line -> assertThat(line.length()).isLessThanOrEqualTo(OutputLines.MAX_LINE_BYTES));
  }
}
