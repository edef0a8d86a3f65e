package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written numbers read exactly as the Formatter patterns they stand for. */
class UnitsTest {
  private static final long[] EDGES = {
    0,
    1,
    -1,
    9,
    10,
    99,
    100,
    999,
    1000,
    -1000,
    1023,
    1024,
    1025,
    1048575,
    1048576,
    999_999,
    1_000_000,
    -999_999_999,
    1_000_000_000_000L,
    Long.MAX_VALUE,
    Long.MIN_VALUE
  };

  @Test
  void countsReadAsTheGroupedFormat() {
    for (long n : EDGES) {
      assertThat(Units.count(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
    }
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 10_000; i++) {
      long n = random.nextLong() >> random.nextInt(64);
      assertThat(Units.count(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
    }
  }

  @Test
  void oneDecimalRoundsAsTheFloatFormat() {
    double[] edges = {0, 0.05, 0.15, 0.25, 0.95, 1.05, 2.675, 9.95, 99.95, 1023.95, 1023.96, 7.99};
    for (double v : edges) {
      assertThat(Units.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
    }
    SplittableRandom random = new SplittableRandom(23);
    for (int i = 0; i < 10_000; i++) {
      double v = random.nextDouble(0, 1024);
      assertThat(Units.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
    }
  }

  @Test
  void bytesReadAsBefore() {
    SplittableRandom random = new SplittableRandom(29);
    for (int i = 0; i < 10_000; i++) {
      long n = random.nextLong(Long.MAX_VALUE) >> random.nextInt(63);
      assertThat(Units.bytes(n)).as("%d", n).isEqualTo(formatted(n));
    }
    assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(Units.bytes(1023)).isEqualTo("1023 B");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 7, 59, 60, 61, 599, 3599, 3600, 3661, 86_399, 90_061, 360_000})
  void durationsReadAsTheirPattern(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    String expected = h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);

    assertThat(Units.duration(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 5, 42, 100, 1234})
  void paddedNumbersAreRightAligned(long n) {
    assertThat(Units.padded(n, 3)).isEqualTo(String.format(Locale.ROOT, "%3d", n));
  }

  /** What {@link Units#bytes} wrote before, with the Formatter. */
  private static String formatted(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
