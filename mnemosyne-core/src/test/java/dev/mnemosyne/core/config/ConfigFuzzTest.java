package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.model.BackupConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutates the seed configurations at random, with a fixed seed so that every run tries the
 * same cases: each must load, or be refused with a {@link ConfigException} whose problems all
 * have a path and a message. No other exception, and no password in a message.
 */
class ConfigFuzzTest {
  private static final long SEED = 20_261_127L;
  private static final int CASES = 640;
  private static final String DUPLICATE = "@@duplicate@@";
  private static final String RAW = "@@raw@@";
  private static final List<String> PASSWORDS =
      List.of("alskdjaslkdjasld", "PASSWORD-GOES-HERE", "CHANGE-ME");
  private static final List<String> KEYS = List.of(
      "remote",
      "store",
      "strategy",
      "local",
      "type",
      "volume",
      "username",
      "password",
      "credentials",
      "options",
      "device",
      "block",
      "path",
      "name",
      "size",
      "keyfile",
      "encryption",
      "pbkdf",
      "algorithm",
      "iterations",
      "memory",
      "stages",
      "rotate",
      "directories",
      "key",
      "directory",
      "exclude",
      "",
      " ",
      "é",
      "KEY",
      "$",
      "a.b",
      "[0]",
      "\u0000",
      "\ud83d\udcbe");
  private static final List<String> STRINGS = List.of(
      "",
      " ",
      "10",
      "none",
      "luks",
      "cifs",
      "block",
      "local",
      "pbkdf2",
      "argon2id",
      "/",
      "//",
      "../etc",
      "/etc/../..",
      "..",
      ".",
      "./x",
      "~",
      "~/x",
      "/a/./b/",
      "\\\\..\\x",
      "\\\\nas",
      "//nas/share/..",
      "//nas/../share",
      "UUID=",
      "LABEL=x",
      "-o",
      "a,b",
      "pass=x",
      "credentials=/x",
      "\u00e9t\u00e9",
      "\u202e/etc",
      "\ud83d\udcbe",
      "e\u0301",
      "\ufeff/etc",
      "\uff0fetc",
      "/etc\u0000",
      "line\nbreak",
      "tab\there",
      "x".repeat(300),
      "/" + "a/".repeat(200),
      "null",
      "true");
  private static final List<String> HUGE = List.of(
      "1e400",
      "-1e400",
      "1e308",
      "9223372036854775807",
      "9223372036854775808",
      "-9223372036854775809",
      "18446744073709551616",
      "2147483648",
      "1" + "0".repeat(200),
      "1e-400",
      "0.000000000000000000001",
      "1E999999999",
      "-0.0",
      "4.9e-324",
      "8589934591",
      "8589934592");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A way to break a configuration. */
  enum Mutation {
    CHANGE_TYPE,
    DROP_KEY,
    ADD_KEY,
    HUGE_NUMBER,
    UNICODE,
    PATH_TRICK,
    EMPTY_ARRAY,
    DUPLICATE_KEY,
    TRUNCATE,
    TEXT_NOISE,
    SEVERAL
  }

  static Stream<Arguments> cases() {
    Random random = new Random(SEED);
    List<String> seeds = Seeds.all();
    List<Arguments> cases = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      String seed = seeds.get(random.nextInt(seeds.size()));
      Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
      cases.add(arguments(i, mutation, mutate(seed, mutation, random)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("cases")
  void loadsOrIsRefusedWithProblemsThatHaveAPathAndAMessage(
      int number, Mutation mutation, String json) {
    try {
      BackupConfig config = ConfigLoader.parse(json);
      BackupConfig back = ConfigLoader.parse(ConfigLoader.redactedJson(config));
      assertThat(back.store()).isEqualTo(config.store());
      assertThat(back.strategy()).isEqualTo(config.strategy());
      assertThat(back.directories()).isEqualTo(config.directories());
      assertThat(back.storeId()).isEqualTo(config.storeId());
    } catch (ConfigException refused) {
      assertThat(refused.problems()).isNotEmpty().allSatisfy(problem -> {
        assertThat(problem.path()).isNotBlank();
        assertThat(problem.message()).isNotBlank();
      });
      for (String password : PASSWORDS) {
        assertThat(refused.getMessage()).doesNotContain(password);
      }
    }
  }

  @Test
  void theCasesCoverEveryMutationAndBothOutcomes() {
    List<Arguments> cases = cases().toList();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(500);
    assertThat(cases).extracting(a -> a.get()[1]).contains((Object[]) Mutation.values());
    long loaded = cases.stream().filter(a -> loads((String) a.get()[2])).count();
    assertThat(loaded).isBetween(1L, cases.size() - 100L);
  }

  @Test
  void theCasesAreTheSameOnEveryRun() {
    assertThat(cases().map(a -> a.get()[2]).toList())
        .isEqualTo(cases().map(a -> a.get()[2]).toList());
  }

  private static boolean loads(String json) {
    try {
      ConfigLoader.parse(json);
      return true;
    } catch (ConfigException refused) {
      return false;
    }
  }

  static String mutate(String seed, Mutation mutation, Random random) {
    switch (mutation) {
      case TRUNCATE:
        return seed.substring(0, random.nextInt(seed.length()));
      case TEXT_NOISE: {
        StringBuilder text = new StringBuilder(seed);
        int at = random.nextInt(text.length());
        if (random.nextBoolean()) {
          text.deleteCharAt(at);
        } else {
          String noise = "{}[]\",:\\0-e.\u00e9\n";
          text.insert(at, noise.charAt(random.nextInt(noise.length())));
        }
        return text.toString();
      }
      case SEVERAL: {
        ObjectNode root = tree(seed);
        int count = 2 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
          Mutation one = Mutation.values()[random.nextInt(Mutation.EMPTY_ARRAY.ordinal() + 1)];
          mutateTree(root, one, random);
        }
        return text(root);
      }
      default: {
        ObjectNode root = tree(seed);
        mutateTree(root, mutation, random);
        return text(root);
      }
    }
  }

  private static void mutateTree(ObjectNode root, Mutation mutation, Random random) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    switch (mutation) {
      case CHANGE_TYPE -> replaceAny(root, random, randomValue(random));
      case DROP_KEY -> {
        ObjectNode o = pickObject(root, random);
        List<String> names = names(o);
        if (!names.isEmpty()) {
          o.remove(names.get(random.nextInt(names.size())));
        }
      }
      case ADD_KEY ->
        pickObject(root, random).set(KEYS.get(random.nextInt(KEYS.size())), randomValue(random));
      case HUGE_NUMBER ->
        replaceAny(root, random, json.textNode(RAW + HUGE.get(random.nextInt(HUGE.size()))));
      case UNICODE, PATH_TRICK ->
        replaceAny(root, random, json.textNode(STRINGS.get(random.nextInt(STRINGS.size()))));
      case EMPTY_ARRAY -> {
        List<JsonNode> arrays =
            containers(root).stream().filter(JsonNode::isArray).toList();
        if (!arrays.isEmpty() && random.nextBoolean()) {
          ((ArrayNode) arrays.get(random.nextInt(arrays.size()))).removeAll();
        } else {
          replaceAny(root, random, json.arrayNode());
        }
      }
      case DUPLICATE_KEY -> {
        ObjectNode o = pickObject(root, random);
        List<String> names = names(o);
        if (!names.isEmpty()) {
          o.set(DUPLICATE + names.get(random.nextInt(names.size())), randomValue(random));
        }
      }
      default -> throw new IllegalArgumentException(mutation.name());
    }
  }

  private static JsonNode randomValue(Random random) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    return switch (random.nextInt(9)) {
      case 0 -> json.textNode(STRINGS.get(random.nextInt(STRINGS.size())));
      case 1 -> json.numberNode(random.nextInt(2000) - 1000);
      case 2 -> json.numberNode(BigDecimal.valueOf(random.nextGaussian() * 100));
      case 3 -> json.booleanNode(random.nextBoolean());
      case 4 -> json.nullNode();
      case 5 -> json.arrayNode().add(STRINGS.get(random.nextInt(STRINGS.size())));
      case 6 -> json.objectNode().put(KEYS.get(random.nextInt(KEYS.size())), "x");
      case 7 -> json.numberNode(BigInteger.TWO.pow(random.nextInt(130)));
      default -> json.textNode(RAW + HUGE.get(random.nextInt(HUGE.size())));
    };
  }

  /** Replaces a random value (not the root) with {@code value}. */
  private static void replaceAny(ObjectNode root, Random random, JsonNode value) {
    List<JsonNode> containers = containers(root);
    JsonNode parent = containers.get(random.nextInt(containers.size()));
    if (parent instanceof ObjectNode object && !object.isEmpty()) {
      List<String> names = names(object);
      object.set(names.get(random.nextInt(names.size())), value);
    } else if (parent instanceof ArrayNode array && !array.isEmpty()) {
      array.set(random.nextInt(array.size()), value);
    } else if (parent instanceof ArrayNode array) {
      array.add(value);
    }
  }

  private static List<JsonNode> containers(JsonNode root) {
    List<JsonNode> found = new ArrayList<>();
    collect(root, found::add);
    return found;
  }

  private static void collect(JsonNode node, Consumer<JsonNode> sink) {
    if (node.isContainerNode()) {
      sink.accept(node);
      node.forEach(child -> collect(child, sink));
    }
  }

  /** An object of the tree chosen at random; there is always one, the root. */
  private static ObjectNode pickObject(ObjectNode root, Random random) {
    List<ObjectNode> objects = containers(root).stream()
        .filter(ObjectNode.class::isInstance)
        .map(ObjectNode.class::cast)
        .toList();
    return objects.get(random.nextInt(objects.size()));
  }

  private static List<String> names(ObjectNode object) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static ObjectNode tree(String seed) {
    try {
      return (ObjectNode) MAPPER.readTree(seed);
    } catch (JsonProcessingException e) {
      throw new AssertionError("seed is not JSON", e);
    }
  }

  /** The tree as text, with duplicate keys and raw numbers that a tree cannot hold spliced in. */
  private static String text(ObjectNode root) {
    try {
      return MAPPER
          .writeValueAsString(root)
          .replace("\"" + DUPLICATE, "\"")
          .replaceAll("\"" + RAW + "([^\"]*)\"", "$1");
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
