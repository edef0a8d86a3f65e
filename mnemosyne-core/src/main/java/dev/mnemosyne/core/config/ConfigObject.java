package dev.mnemosyne.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemosyne.core.model.Secret;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One JSON object of the configuration, read field by field. Every accessor reports what is
 * wrong with the field (missing, wrong type, out of range) to the document's {@link Problems}
 * under the field's path and returns empty, so that reading carries on and every problem of
 * the file is found in one pass.
 */
final class ConfigObject {
  /** Whether a field must be present. */
  enum Need {
    REQUIRED,
    OPTIONAL
  }

  /** An element of an array, with its path. */
  record Element(JsonNode node, ConfigPath path) {}

  /** What a whole number must be: {@code what} describes the range in words, {@code unit} follows the maximum. */
  record WholeNumber(String what, long min, long max, String unit) {}

  private final ObjectNode node;
  private final ConfigPath path;
  private final Problems problems;

  private ConfigObject(ObjectNode node, ConfigPath path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** The value at {@code path} as an object, or empty after reporting that it is not one. */
  static Optional<ConfigObject> of(JsonNode value, ConfigPath path, Problems problems) {
    if (value instanceof ObjectNode object) {
      return Optional.of(new ConfigObject(object, path, problems));
    }
    problems.add(path, "must be a JSON object {...}, got %s", Json.describe(value));
    return Optional.empty();
  }

  ConfigPath path() {
    return path;
  }

  ConfigPath at(String key) {
    return path.key(key);
  }

  Problems problems() {
    return problems;
  }

  boolean has(String key) {
    return node.has(key);
  }

  /** Reports every key that is not one of {@code known}, suggesting the closest known key. */
  void allowOnly(Set<String> known) {
    List<String> sorted = known.stream().sorted().collect(Collectors.toList());
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (known.contains(name)) {
        continue;
      }
      Optional<String> close = name.length() > 64
          ? Optional.empty()
          : sorted.stream()
              .filter(k -> distance(
                      k.toLowerCase(java.util.Locale.ROOT), name.toLowerCase(java.util.Locale.ROOT))
                  <= 2)
              .findFirst();
      problems.add(
          path.key(name),
          "unknown key%s; the keys allowed here are %s",
          close.map(k -> " (did you mean \"" + k + "\"?)").orElse(""),
          String.join(", ", sorted));
    }
  }

  /** The raw value of a field; reports a missing required field. */
  Optional<JsonNode> field(String key, Need need) {
    JsonNode value = node.get(key);
    if (value == null) {
      if (need == Need.REQUIRED) {
        problems.add(path.key(key), "is missing");
      }
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** A non-empty string without control characters. */
  Optional<String> string(String key, Need need) {
    return field(key, need).flatMap(value -> text(value, path.key(key), "a string", true));
  }

  /** A password: like {@link #string}, but the value never appears in a message. */
  Optional<Secret> secret(String key, Need need) {
    return field(key, need)
        .flatMap(value -> text(value, path.key(key), "a string", false))
        .map(Secret::of);
  }

  /** One of {@code choices}. */
  Optional<String> choice(String key, Need need, List<String> choices) {
    ConfigPath at = path.key(key);
    String expected = oneOf(choices.stream().map(c -> "\"" + c + "\"").toList());
    Optional<JsonNode> value = field(key, need);
    if (value.isPresent()
        && (!value.get().isTextual() || !choices.contains(value.get().textValue()))) {
      problems.add(at, "must be %s, got %s", expected, Json.describe(value.get()));
      return Optional.empty();
    }
    return value.map(JsonNode::textValue);
  }

  /** {@code "a"}, {@code "a or b"}, {@code "a, b or c"}: the alternatives, as a message names them. */
  static String oneOf(List<String> alternatives) {
    int last = alternatives.size() - 1;
    return last == 0
        ? alternatives.get(0)
        : String.join(", ", alternatives.subList(0, last)) + " or " + alternatives.get(last);
  }

  /** A whole number within {@code rule}'s range. */
  Optional<Long> wholeNumber(String key, Need need, WholeNumber rule) {
    ConfigPath at = path.key(key);
    return field(key, need).flatMap(value -> {
      if (!value.isIntegralNumber()) {
        problems.add(at, "must be %s, got %s", rule.what(), Json.describe(value));
        return Optional.empty();
      }
      BigInteger number = value.bigIntegerValue();
      if (number.compareTo(BigInteger.valueOf(rule.min())) < 0) {
        problems.add(at, "must be %s, got %s", rule.what(), Json.describe(value));
        return Optional.empty();
      }
      if (number.compareTo(BigInteger.valueOf(rule.max())) > 0) {
        problems.add(
            at,
            "is too large: at most %s%s, got %s",
            rule.max(),
            rule.unit(),
            Json.describe(value));
        return Optional.empty();
      }
      return Optional.of(number.longValueExact());
    });
  }

  /** A number, decimals allowed, from {@code min} to {@code max}. */
  Optional<BigDecimal> decimal(
      String key, Need need, String what, BigDecimal min, BigDecimal max, String unit) {
    ConfigPath at = path.key(key);
    return field(key, need).flatMap(value -> {
      if (!value.isNumber() || value.decimalValue().compareTo(min) < 0) {
        problems.add(at, "must be %s, got %s", what, Json.describe(value));
        return Optional.empty();
      }
      if (value.decimalValue().compareTo(max) > 0) {
        problems.add(
            at,
            "is too large: at most %s%s, got %s",
            max.toPlainString(),
            unit,
            Json.describe(value));
        return Optional.empty();
      }
      return Optional.of(value.decimalValue());
    });
  }

  /** A nested object. */
  Optional<ConfigObject> object(String key, Need need) {
    return field(key, need).flatMap(value -> of(value, path.key(key), problems));
  }

  /** An array, with each element's path; reports an empty array unless {@code mayBeEmpty}. */
  Optional<List<Element>> array(String key, Need need, boolean mayBeEmpty) {
    ConfigPath at = path.key(key);
    return field(key, need).flatMap(value -> elements(value, at, mayBeEmpty));
  }

  /** An absolute path without {@code ..} segments, normalised. */
  Optional<Path> absolutePath(String key, Need need) {
    ConfigPath at = path.key(key);
    return string(key, need).flatMap(text -> absolutePath(text, at, problems));
  }

  Optional<List<Element>> elements(JsonNode value, ConfigPath at, boolean mayBeEmpty) {
    if (!value.isArray()) {
      problems.add(at, "must be a JSON array [...], got %s", Json.describe(value));
      return Optional.empty();
    }
    if (value.isEmpty() && !mayBeEmpty) {
      problems.add(at, "must not be empty");
      return Optional.empty();
    }
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      elements.add(new Element(value.get(i), at.index(i)));
    }
    return Optional.of(elements);
  }

  /** A non-empty string without control characters; {@code shown} says whether the value may appear in messages. */
  Optional<String> text(JsonNode value, ConfigPath at, String what, boolean shown) {
    if (!value.isTextual()) {
      problems.add(at, "must be %s, got %s", what, shown ? Json.describe(value) : Json.kind(value));
      return Optional.empty();
    }
    String text = value.textValue();
    if (text.isEmpty()) {
      problems.add(at, "must not be empty");
      return Optional.empty();
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      problems.add(
          at,
          "must not contain line breaks, tabs or other control characters%s",
          shown ? ", got " + Json.quote(text) : "");
      return Optional.empty();
    }
    return Optional.of(text);
  }

  static Optional<Path> absolutePath(String text, ConfigPath at, Problems problems) {
    if (text.startsWith("~")) {
      problems.add(
          at, "must be an absolute path (\"~\" is not expanded), got %s", Json.quote(text));
      return Optional.empty();
    }
    Path path;
    try {
      path = Path.of(text);
    } catch (InvalidPathException invalid) {
      problems.add(at, "is not a valid path, got %s", Json.quote(text));
      return Optional.empty();
    }
    if (!path.isAbsolute()) {
      problems.add(at, "must be an absolute path, got %s", Json.quote(text));
      return Optional.empty();
    }
    for (Path segment : path) {
      if (segment.toString().equals("..")) {
        problems.add(at, "must not contain \"..\" segments, got %s", Json.quote(text));
        return Optional.empty();
      }
    }
    return Optional.of(path.normalize());
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
