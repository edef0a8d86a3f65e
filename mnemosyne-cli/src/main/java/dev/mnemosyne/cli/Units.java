package dev.mnemosyne.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * Human-readable sizes, rates and durations. Numbers are written out by hand, not with {@code
 * String.format}: a Formatter's first use sets up locale data, some 15 ms of every run's start
 * for a line of output.
 */
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
    return unit == 0 ? bytes + " B" : oneDecimal(value) + " " + BINARY[unit];
  }

  /** {@code value} rounded half up to one decimal, as {@code %.1f} writes it. */
  static String oneDecimal(double value) {
    return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
  }

  /** {@code n} with its thousands separated by commas, as {@code %,d} writes it in English. */
  static String count(long n) {
    String digits = Long.toString(n);
    int sign = n < 0 ? 1 : 0;
    StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3);
    out.append(digits, 0, sign);
    for (int i = sign; i < digits.length(); i++) {
      if (i > sign && (digits.length() - i) % 3 == 0) {
        out.append(',');
      }
      out.append(digits.charAt(i));
    }
    return out.toString();
  }

  /** {@code n} right-aligned in {@code width} characters, as {@code %3d} writes it. */
  static String padded(long n, int width) {
    String digits = Long.toString(n);
    return " ".repeat(Math.max(0, width - digits.length())) + digits;
  }

  /** {@code 0:07}, {@code 12:03}, {@code 1:02:03}. */
  static String duration(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0 ? h + ":" + twoDigits(m) + ":" + twoDigits(s) : m + ":" + twoDigits(s);
  }

  private static String twoDigits(long n) {
    return n < 10 ? "0" + n : Long.toString(n);
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
