package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming reader builds the tree Jackson's {@code readTree} builds, node for node. */
class JsonTreeReaderTest {
  /** How the configuration was read before: the reference for every node type and number. */
  private static final ObjectMapper READ_TREE = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"remote\": {\"type\": \"local\", \"path\": \"/srv/b\"}, \"n\": [1, 2, [3, {}]]}",
        "{\"int\": 2147483647, \"long\": 2147483648, \"big\": 123456789012345678901234567890}",
        "{\"neg\": -1, \"zero\": 0, \"minusZero\": -0}",
        "{\"f\": 2.50, \"g\": 1e3, \"h\": 0.0, \"i\": -1.25E-2, \"j\": 100.000}",
        "{\"t\": true, \"f\": false, \"n\": null, \"s\": \"\", \"u\": \"d\\u00e9j\\u00e0 \\n\"}",
        "[]",
        "[{\"a\": [[]]}, \"x\", 7]",
        "\"just a string\"",
        "  {\"spaced\" :\n\t 1 }  \n"
      })
  void buildsTheTreeReadTreeBuilds(String json) throws Exception {
    JsonNode expected = READ_TREE.readTree(json);

    JsonNode read = JsonTreeReader.read(json).orElseThrow();

    assertThat(read).isEqualTo(expected);
    assertThat(read.toString()).isEqualTo(expected.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   \n\t "})
  void textWithoutAValueHasNoTree(String json) throws Exception {
    assertThat(JsonTreeReader.read(json)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} {}", "{\"a\": 1} 3", "[1] [2]"})
  void textAfterTheRootValueIsRefused(String json) {
    assertThatThrownBy(() -> JsonTreeReader.read(json))
        .isInstanceOf(JsonParseException.class)
        .hasMessageStartingWith(JsonTreeReader.TRAILING);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\": 1, \"a\": 2}", "{\"x\": {\"b\": [], \"b\": 1}}"})
  void aKeyGivenTwiceIsRefused(String json) {
    assertThatThrownBy(() -> JsonTreeReader.read(json))
        .isInstanceOf(JsonParseException.class)
        .hasMessageStartingWith("Duplicate field");
  }
}
