package dev.mnemosyne.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The after hook's report keeps its exact text: hooks' scripts may read it with line tools, not only as JSON. */
class JsonTextTest {

  @Test
  void theReportIsByteForByteTheFormatHooksRead() throws IOException {
    String written = JsonText.write(tree());

    assertThat(written).isEqualTo(resource("hook-report-format.json"));
    assertThat(new ObjectMapper()
            .readTree(written)
            .get("directories")
            .get(0)
            .get("zero")
            .decimalValue())
        .isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  void aNumberThatIsNotFiniteIsNull() {
    assertThat(JsonText.write(Map.of("x", Double.POSITIVE_INFINITY)))
        .isEqualTo("{\n  \"x\": null\n}\n");
  }

  private static Map<String, Object> tree() {
    Map<String, Object> directory = new LinkedHashMap<>();
    directory.put("key", "home");
    directory.put("durationSeconds", BigDecimal.valueOf(1234, 3));
    directory.put("zero", BigDecimal.valueOf(0, 3));
    directory.put("files", 12L);
    directory.put("failure", Optional.empty());
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("store", "backup.btrfs");
    tree.put(
        "text",
        "quote \" backslash \\ newline \n tab \t return \r control \u0001 \b \u001f unicode \u2713 \u2028");
    tree.put("exitCode", 3);
    tree.put("double", 2.5);
    tree.put("bool", false);
    tree.put("failure", Optional.of("rsync failed"));
    tree.put("warnings", List.of());
    tree.put("empty", Map.of());
    tree.put("directories", List.of(directory, List.of("a", "b")));
    tree.put("set", new TreeSet<>(Set.of("b", "a")));
    tree.put("path", Path.of("/x"));
    return tree;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = JsonTextTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
