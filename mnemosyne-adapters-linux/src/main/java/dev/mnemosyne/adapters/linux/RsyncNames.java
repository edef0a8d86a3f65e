package dev.mnemosyne.adapters.linux;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * File names as rsync prints them under {@code LC_ALL=C}: every byte that is not printable
 * ASCII as {@code \#ooo} (octal). A name whose bytes are valid UTF-8 is shown decoded
 * ({@code donn\#303\#251es} is {@code données}); any other keeps rsync's escapes, which name its
 * bytes exactly.
 */
final class RsyncNames {
  private RsyncNames() {}

  static String readable(String printed) {
    if (!printed.contains("\\#")) {
      return printed;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(printed.length());
    for (int i = 0; i < printed.length(); i++) {
      char c = printed.charAt(i);
      if (c == '\\'
          && i + 1 < printed.length()
          && printed.charAt(i + 1) == '#'
          && octal(printed, i + 2)) {
        bytes.write(Integer.parseInt(printed.substring(i + 2, i + 5), 8));
        i += 4;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        return printed;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return printed;
    }
  }

  private static boolean octal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return Integer.parseInt(s.substring(from, from + 3), 8) <= 0xff;
  }
}
