package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

    assertThat(read.get("text").asText())
        .isEqualTo("quote \" backslash \\ newline \n tab \t control \u0001 unicode ✓");
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

  /**
   * The report's exact text, as scripts and the documented examples see it: field order,
   * two-space indentation, {@code "name": value}, empty {@code []} and {@code {}}, lower-case
   * {@code \\u} escapes, an embedded configuration indented to its depth, and which Java values
   * are numbers (a {@code float} is written as text, as it always was).
   */
  @Test
  void theTextIsByteForByteTheDocumentedFormat() throws IOException {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("n", 42L);
    inner.put("empty", List.of());
    inner.put("raw", new Json.Raw("{\n  \"b\": [\n    1\n  ]\n}\n"));
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put(
        "text",
        "quote \" backslash \\ newline \n tab \t return \r control \u0001 \b \f \u001f del \u007f"
            + " unicode \u2713 \u2028 \u2029 slash /");
    tree.put("int", 7);
    tree.put("double", 1.5);
    tree.put("big", 1.0E21);
    tree.put("small", 0.001);
    tree.put("nan", Double.NaN);
    tree.put("bool", true);
    tree.put("absent", Optional.empty());
    tree.put("present", Optional.of("x"));
    tree.put("nested", Optional.of(Optional.of(List.of(1, 2))));
    tree.put("list", List.of("a", inner, List.of(), Map.of()));
    tree.put("set", new TreeSet<>(Set.of("b", "a")));
    tree.put("emptyObject", Map.of());
    tree.put("other", Path.of("/tmp/x"));
    tree.put("float", 1.5f);
    tree.put("raw", new Json.Raw("{\n  \"a\": [1, 2]\n}\n"));

    assertThat(Json.write(tree)).isEqualTo(resource("report-format.json"));
  }

  @Test
  void aTopLevelValueOfEveryKindIsOneLine() {
    assertThat(Json.write(List.of())).isEqualTo("[]\n");
    assertThat(Json.write(Map.of())).isEqualTo("{}\n");
    assertThat(Json.write("a")).isEqualTo("\"a\"\n");
    assertThat(Json.write(Optional.empty())).isEqualTo("null\n");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = JsonTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aDoubleThatIsNotFiniteIsNull() throws Exception {
    assertThat(MAPPER.readTree(Json.write(Map.of("x", Double.NaN))).get("x").isNull())
        .isTrue();
  }
}
