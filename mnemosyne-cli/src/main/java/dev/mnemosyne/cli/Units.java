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
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }

  /** An age in its two largest units: {@code 45 s}, {@code 12 min}, {@code 3 h 5 min}, {@code 2 d 4 h}. */
  static String age(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    if (hours < 24) {
      return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }
    return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
  }

  /** A time to the second in UTC, {@code 2026-11-27 14:49:33 UTC}. */
  static String time(java.time.Instant at) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
        .withZone(java.time.ZoneOffset.UTC)
        .format(at);
  }

  static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
