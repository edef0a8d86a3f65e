package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void writesATreeThatJacksonReadsBackUnchanged() throws Exception {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("n", 42L);
    inner.put("empty", List.of());
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 unicode ✓");
    tree.put("int", 7);
    tree.put("double", 1.5);
    tree.put("bool", true);
    tree.put("absent", Optional.empty());
    tree.put("present", Optional.of("x"));
    tree.put("list", List.of("a", inner));
    tree.put("emptyObject", Map.of());
    tree.put("raw", new Json.Raw("{\n  \"a\": [1, 2]\n}\n"));

    JsonNode read = MAPPER.readTree(Json.write(tree));

    assertThat(read.get("text").asText()).isEqualTo("quote \" backslash \\ newline \n tab \t control \u0001 unicode ✓");
    assertThat(read.get("int").asInt()).isEqualTo(7);
    assertThat(read.get("double").asDouble()).isEqualTo(1.5);
    assertThat(read.get("bool").asBoolean()).isTrue();
    assertThat(read.get("absent").isNull()).isTrue();
    assertThat(read.get("present").asText()).isEqualTo("x");
    assertThat(read.get("list").get(1).get("n").asLong()).isEqualTo(42L);
    assertThat(read.get("list").get(1).get("empty").isArray()).isTrue();
    assertThat(read.get("emptyObject").isObject()).isTrue();
    assertThat(read.get("raw").get("a").get(1).asInt()).isEqualTo(2);
  }

  @Test
  void aDoubleThatIsNotFiniteIsNull() throws Exception {
    assertThat(MAPPER.readTree(Json.write(Map.of("x", Double.NaN))).get("x").isNull()).isTrue();
  }
}
