package dev.mnemosyne.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a small tree of maps, lists, strings, numbers, booleans and optionals (empty is {@code
 * null}) as JSON, for the report a backup hands to its after hook. JSON parsing, and everything
 * else about JSON, stays in the configuration package.
 */
final class JsonText {
  private JsonText() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    value(value, out, "");
    return out.append('\n').toString();
  }

  private static void value(Object value, StringBuilder out, String indent) {
    if (value instanceof Optional<?> optional) {
      value(optional.orElse(null), out, indent);
    } else if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      String inner = indent + "  ";
      out.append('{');
      String separator = "\n";
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(separator).append(inner);
        string(String.valueOf(entry.getKey()), out);
        out.append(": ");
        value(entry.getValue(), out, inner);
        separator = ",\n";
      }
      out.append(map.isEmpty() ? "}" : "\n" + indent + "}");
    } else if (value instanceof List<?> list) {
      String inner = indent + "  ";
      out.append('[');
      String separator = "\n";
      for (Object element : list) {
        out.append(separator).append(inner);
        value(element, out, inner);
        separator = ",\n";
      }
      out.append(list.isEmpty() ? "]" : "\n" + indent + "]");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      string(value.toString(), out);
    }
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
