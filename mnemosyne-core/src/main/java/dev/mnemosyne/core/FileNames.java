package dev.mnemosyne.core;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names as the filesystem holds them: bytes. A {@link Path} read from a directory keeps
 * its name's bytes however the JVM decodes names, but its {@code toString()} turns bytes that
 * are not valid in that encoding into {@code ?} or U+FFFD. This shows a name byte-exactly:
 * valid UTF-8 as it is; one that is not with every byte outside printable ASCII (and the
 * backslash) as {@code \xNN}.
 */
final class FileNames {
  private FileNames() {}

  /** {@code file}'s path below {@code base}, for people, byte-exact. */
  static String display(Path base, Path file) {
    byte[] all = bytes(file);
    byte[] prefix = bytes(base);
    int from = prefix.length + 1;
    if (all.length < from || !startsWith(all, prefix) || all[prefix.length] != '/') {
      return base.relativize(file).toString();
    }
    return display(all, from);
  }

  /** The bytes of the absolute form of {@code path}, as the kernel is given them. */
  private static byte[] bytes(Path path) {
    // The file: URI percent-encodes the path's own bytes, never decoded through a charset.
    String raw = path.toAbsolutePath().toUri().getRawPath();
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    byte[] bytes = out.toByteArray();
    int length = bytes.length;
    while (length > 1 && bytes[length - 1] == '/') {
      length--;
    }
    return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
  }

  private static boolean startsWith(byte[] all, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (all[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String display(byte[] bytes, int from) {
    ByteBuffer name = ByteBuffer.wrap(bytes, from, bytes.length - from);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(name)
          .toString();
    } catch (CharacterCodingException notUtf8) {
      StringBuilder shown = new StringBuilder();
      for (int i = from; i < bytes.length; i++) {
        int b = bytes[i] & 0xff;
        if (b >= 0x20 && b < 0x7f && b != '\\') {
          shown.append((char) b);
        } else {
          shown.append(String.format("\\x%02X", b));
        }
      }
      return shown.toString();
    }
  }
}
