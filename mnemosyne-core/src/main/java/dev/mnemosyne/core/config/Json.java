package dev.mnemosyne.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** How values found in a configuration are shown in messages: short, quoted, never multi-line. */
final class Json {
  private static final int SHOWN_CHARACTERS = 60;

  private Json() {}

  /** The value and its kind, e.g. {@code "10" (a string)}, {@code 2.5}, {@code an array}. */
  static String describe(JsonNode node) {
    if (node.isTextual()) {
      return quote(node.textValue()) + " (a string)";
    }
    if (node.isNumber()) {
      return number(node.decimalValue());
    }
    if (node.isBoolean()) {
      return node.booleanValue() + " (a boolean)";
    }
    return kind(node);
  }

  /** Only the kind of a value, for values that must not be shown (passwords). */
  static String kind(JsonNode node) {
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    return "null";
  }

  /** A string as a JSON literal, cut short if long, with control characters escaped. */
  static String quote(String value) {
    String shown = value.codePointCount(0, value.length()) > SHOWN_CHARACTERS
        ? value.substring(0, value.offsetByCodePoints(0, SHOWN_CHARACTERS)) + "..."
        : value;
    StringBuilder out = new StringBuilder("\"");
    shown.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('"').toString();
  }

  private static String number(BigDecimal value) {
    boolean modest = value.scale() > -20 && value.scale() < 20 && value.precision() < 40;
    String text = modest ? value.toPlainString() : value.toString();
    return text.length() > SHOWN_CHARACTERS ? text.substring(0, SHOWN_CHARACTERS) + "..." : text;
  }
}
