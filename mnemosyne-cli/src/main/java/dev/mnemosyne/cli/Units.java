package dev.mnemosyne.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes, rates and durations. */
final class Units {
  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Units() {}

  static String bytes(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < BINARY.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, BINARY[unit]);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 0:07}, {@code 12:03}, {@code 1:02:03}. */
  static String duration(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
  }

  static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
