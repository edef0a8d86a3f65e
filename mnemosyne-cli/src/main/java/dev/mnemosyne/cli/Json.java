package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a tree of maps, collections, strings, numbers, booleans and optionals (empty is
 * {@code null}) as indented JSON. Enough for the run report; the configuration's own JSON
 * is embedded as it is with {@link Raw}.
 */
final class Json {
  /** A value that is JSON text already. */
  record Raw(String json) {
    Raw {
      requireNonNull(json, "json");
    }
  }

  private final StringBuilder out = new StringBuilder();

  private Json() {}

  static String write(Object value) {
    Json json = new Json();
    json.value(value, 0);
    return json.out.append('\n').toString();
  }

  private void value(Object value, int depth) {
    if (value instanceof Optional<?> optional) {
      if (optional.isPresent()) {
        value(optional.get(), depth);
      } else {
        out.append("null");
      }
    } else if (value instanceof Map<?, ?> map) {
      object(map, depth);
    } else if (value instanceof Collection<?> list) {
      array(list, depth);
    } else if (value instanceof Raw raw) {
      out.append(raw.json().strip().replace("\n", "\n" + "  ".repeat(depth)));
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Double d) {
      out.append(Double.isFinite(d) ? d.toString() : "null");
    } else {
      string(String.valueOf(requireNonNull(value, "JSON values are never null; use Optional.empty()")));
    }
  }

  private void object(Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{");
    String sep = "\n";
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      out.append(sep).append("  ".repeat(depth + 1));
      string(entry.getKey().toString());
      out.append(": ");
      value(entry.getValue(), depth + 1);
      sep = ",\n";
    }
    out.append('\n').append("  ".repeat(depth)).append('}');
  }

  private void array(Collection<?> list, int depth) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append("[");
    String sep = "\n";
    for (Object item : list) {
      out.append(sep).append("  ".repeat(depth + 1));
      value(item, depth + 1);
      sep = ",\n";
    }
    out.append('\n').append("  ".repeat(depth)).append(']');
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
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
