package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken configurations through the whole command: every one ends in exit 4 with the JSON
 * path of a problem on stderr, before any adapter is even built (so nothing can be mounted),
 * and never with a stack trace or the password. A mutation that happens to leave a valid
 * configuration runs as a dry run and ends in a documented exit code.
 */
class ConfigFuzzCliTest {
  private static final long SEED = 20_261_127L;
  private static final int CASES = 300;
  private static final String PASSWORD = "fuzz-secret-Pa55";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<Integer> DOCUMENTED = Set.of(0, 1, 3, 4, 5, 6, 7, 8);
  /** A problem line: two spaces, a path such as {@code $}, {@code store.size} or {@code local.directories[0].key}, a colon. */
  private static final Pattern PROBLEM =
      Pattern.compile("(?m)^  (\\$|[A-Za-z])\\S*(\\[\".*\"\\])?\\S*: \\S");

  @TempDir
  static Path temp;

  private static Path seed;
  private static final AtomicInteger REFUSED = new AtomicInteger();

  @BeforeAll
  static void writeSeed() throws Exception {
    Path key = temp.resolve("store.key");
    Files.writeString(key, "0123456789abcdef".repeat(4));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path source = Files.createDirectories(temp.resolve("docs"));
    seed = TestConfigs.write(
        temp.resolve("seed.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"cifs\", \"volume\": \"//nas/backup\", \"username\": \"u\", \"password\": \""
            + PASSWORD + "\", \"options\": [\"vers=3.0\"]},\n"
            + "  \"store\": {\"name\": \"fuzz.img\", \"size\": 10, \"keyfile\": \"" + key + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 24},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + source
            + "\","
            + " \"exclude\": [\"*.tmp\"]}]}\n"
            + "}\n");
  }

  static Stream<Integer> cases() {
    return IntStream.range(0, CASES).boxed();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aBrokenConfigurationEndsInExitFourWithItsPath(int index) throws Exception {
    Random random = new Random(SEED + index);
    String text = mutate(Files.readString(seed), random);
    Path config = TestConfigs.write(temp.resolve("case-" + index + ".json"), text);
    AtomicInteger wired = new AtomicInteger();
    Adapters dryRunOnly = settings -> {
      wired.incrementAndGet();
      return new LinuxWiring()
          .backend(new Adapters.Settings(settings.runtimeDirectory(), true, settings.commands()));
    };
    Cli cli = new Cli(
        dryRunOnly,
        Map.of(
            "RUNTIME_DIRECTORY",
            temp.resolve("run").toString(),
            "STATE_DIRECTORY",
            temp.resolve("run").toString() + "/state"),
        new Cli.Terminal(false, false),
        new StopRequest(),
        Clock.systemUTC());

    CliRun run = CliRun.call(cli, "--backup", "--json", "-c", config.toString());

    String context = "config:\n" + text + "\n" + run;
    assertThat(run.err())
        .as(context)
        .doesNotContain("\tat ", "Exception", "unexpected error", PASSWORD);
    assertThat(run.out()).as(context).doesNotContain(PASSWORD);
    assertThat(run.code()).as(context).isIn(DOCUMENTED);
    if (run.code() == 4) {
      REFUSED.incrementAndGet();
      assertThat(wired.get())
          .as("no adapter is built for a broken configuration: %s", context)
          .isZero();
      assertThat(run.err())
          .as(context)
          .contains("the configuration is not valid:")
          .containsPattern(PROBLEM);
      assertThat(run.json().get("outcome").asText()).isEqualTo("config-error");
    }
  }

  /** Guards the fuzzer itself: most mutations must really break the configuration, or the test proves little. */
  @AfterAll
  static void mostCasesWereBroken() {
    assertThat(REFUSED.get()).isGreaterThan(CASES * 3 / 4);
  }

  /** One to three random breakages, on the JSON tree or on the text. */
  private static String mutate(String text, Random random) throws Exception {
    int kind = random.nextInt(10);
    if (kind == 0) {
      return text.substring(0, random.nextInt(text.length()));
    }
    if (kind == 1) {
      int at = random.nextInt(text.length());
      String noise = List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\u0000", "//", "/*", "NaN")
          .get(random.nextInt(12));
      return text.substring(0, at) + noise + text.substring(at);
    }
    JsonNode root = MAPPER.readTree(text);
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      breakOne(root, random);
    }
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static void breakOne(JsonNode root, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode container = containers.get(random.nextInt(containers.size()));
    if (container instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      int what = random.nextInt(3);
      if (names.isEmpty() || what == 0) {
        object.set(
            List.of("extra", "Remote", "store ", "size", "stages", "é", "").get(random.nextInt(7)),
            value(random));
      } else if (what == 1) {
        object.remove(names.get(random.nextInt(names.size())));
      } else {
        object.set(names.get(random.nextInt(names.size())), value(random));
      }
    } else if (container instanceof ArrayNode array) {
      if (array.isEmpty() || random.nextBoolean()) {
        array.add(value(random));
      } else if (random.nextBoolean()) {
        array.removeAll();
      } else {
        array.set(random.nextInt(array.size()), value(random));
      }
    }
  }

  private static void collect(JsonNode node, List<JsonNode> containers) {
    if (node.isContainerNode()) {
      containers.add(node);
      for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
        collect(children.next(), containers);
      }
    }
  }

  private static JsonNode value(Random random) {
    switch (random.nextInt(12)) {
      case 0:
        return NODES.nullNode();
      case 1:
        return NODES.booleanNode(random.nextBoolean());
      case 2:
        return NODES.numberNode(random.nextInt(21) - 10);
      case 3:
        return NODES.numberNode(new BigInteger("1" + "0".repeat(1 + random.nextInt(40))));
      case 4:
        return NODES.numberNode(random.nextDouble() * 100 - 50);
      case 5:
        return NODES.arrayNode();
      case 6:
        return NODES.objectNode();
      case 7:
        return NODES.arrayNode().add("x").add(1);
      default:
        return NODES.textNode(List.of(
                "",
                " ",
                "none",
                "luks",
                "cifs",
                "block",
                "local",
                "/",
                "..",
                "../etc",
                "relative/dir",
                "//",
                "\\\\nas\\share",
                "UUID=",
                "-o",
                "a,b",
                "pass=x",
                "line\nbreak",
                "x".repeat(300),
                "\u202e/etc",
                "/etc\u0000",
                "argon2id")
            .get(random.nextInt(22)));
    }
  }
}
