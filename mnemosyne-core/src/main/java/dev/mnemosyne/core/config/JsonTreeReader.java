package dev.mnemosyne.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads JSON text into a tree with Jackson's streaming parser alone. An {@code ObjectMapper} would
 * build the same tree, but its first use sets up date formats, locales and deserializer caches
 * that a configuration never needs: about a tenth of a second of every command's start.
 *
 * <p>The tree is what {@code readTree} gives with {@code USE_BIG_DECIMAL_FOR_FLOATS}: whole
 * numbers as int, long or big-integer nodes, others as decimal nodes with trailing zeros
 * stripped. A key given twice in one object, and any text after the root value, are errors.
 */
final class JsonTreeReader {
  /** The message of the error for text after the root value. */
  static final String TRAILING = "Trailing token";

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTreeReader() {}

  /** The root value of {@code json}; empty when the text holds no value at all. */
  static Optional<JsonNode> read(String json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return Optional.empty();
      }
      JsonNode root = value(parser, first);
      JsonToken after = parser.nextToken();
      if (after != null) {
        throw new JsonParseException(
            parser,
            TRAILING + " (of type " + after + ") found after the value",
            parser.currentTokenLocation());
      }
      return Optional.of(root);
    }
  }

  private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          object.set(name, value(parser, parser.nextToken()));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(value(parser, t));
        }
        return array;
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDecimalValue().stripTrailingZeros());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new JsonParseException(parser, "Unexpected token " + token);
    }
  }
}
