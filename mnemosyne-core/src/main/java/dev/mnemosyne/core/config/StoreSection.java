package dev.mnemosyne.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemosyne.core.config.ConfigObject.Need;
import dev.mnemosyne.core.config.ConfigObject.WholeNumber;
import dev.mnemosyne.core.model.Compression;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.KeyDerivation;
import dev.mnemosyne.core.model.StoreSpec;
import dev.mnemosyne.core.model.TreeNodeSize;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code store} object: the image's {@code name} and {@code size} in gigabytes, its
 * {@code encryption} ({@code "luks"}, the default, or {@code "none"}), the {@code keyfile}
 * that opens it, optional LUKS key-derivation settings ({@code pbkdf}) and the filesystem's
 * {@code compression} ({@code "zstd:1"}, the default, {@code "zstd:3"}, {@code "lzo"} or {@code "none"})
 * and, for {@code --init-store}, its tree {@code nodeSize} in bytes (mnemosyne's default unless set).
 */
final class StoreSection {
  /** The largest size whose byte count still fits a {@code long}. */
  static final WholeNumber SIZE = new WholeNumber(
      "a positive whole number of gigabytes", 1, Long.MAX_VALUE >> 30, " gigabytes");

  static final WholeNumber ITERATIONS =
      new WholeNumber("a positive whole number", 1, Integer.MAX_VALUE, "");
  /** cryptsetup accepts at most 4 GiB of memory cost. */
  static final WholeNumber MEMORY =
      new WholeNumber("a whole number of KiB, at least 32", 32, 4 * 1024 * 1024, " KiB");

  private static final List<String> ENCRYPTIONS = List.of("luks", "none");
  private static final List<String> ALGORITHMS = List.of("pbkdf2", "argon2i", "argon2id");

  private StoreSection() {}

  static Optional<StoreSpec> read(ConfigObject store) {
    store.allowOnly(
        Set.of("name", "size", "keyfile", "encryption", "pbkdf", "compression", "nodeSize"));
    Problems problems = store.problems();
    int before = problems.count();
    Optional<String> name = store.string("name", Need.REQUIRED).filter(n -> {
      boolean safe = StoreSpec.isSafeName(n);
      if (!safe) {
        problems.add(
            store.at("name"),
            "must be a plain file name (no \"/\", no \"..\", at most 200 characters), got %s",
            Json.quote(n));
      }
      return safe;
    });
    Optional<Long> size = store.wholeNumber("size", Need.REQUIRED, SIZE);
    Optional<Encryption> encryption = store
        .choice("encryption", Need.OPTIONAL, ENCRYPTIONS)
        .map(e -> Encryption.valueOf(e.toUpperCase(Locale.ROOT)))
        .or(() -> store.has("encryption") ? Optional.empty() : Optional.of(Encryption.LUKS));
    Optional<Path> keyFile = Optional.empty();
    Optional<KeyDerivation> derivation = Optional.empty();
    if (encryption.equals(Optional.of(Encryption.NONE))) {
      if (store.has("keyfile")) {
        problems.add(store.at("keyfile"), "must not be set when store.encryption is \"none\"");
      }
      if (store.has("pbkdf")) {
        problems.add(store.at("pbkdf"), "must not be set when store.encryption is \"none\"");
      }
    } else {
      keyFile =
          store.absolutePath("keyfile", encryption.isPresent() ? Need.REQUIRED : Need.OPTIONAL);
      derivation = store.object("pbkdf", Need.OPTIONAL).flatMap(StoreSection::derivation);
    }
    Optional<Compression> compression = store
        .choice("compression", Need.OPTIONAL, Compression.configNames())
        .flatMap(Compression::fromConfigName)
        .or(() -> store.has("compression") ? Optional.empty() : Optional.of(Compression.DEFAULT));
    Optional<TreeNodeSize> nodeSize = nodeSize(store);
    if (problems.count() != before) {
      return Optional.empty();
    }
    return Optional.of(new StoreSpec(
        name.orElseThrow(),
        size.orElseThrow(),
        encryption.orElseThrow(),
        keyFile,
        derivation,
        compression.orElseThrow(),
        nodeSize.orElseThrow()));
  }

  /** One of {@link TreeNodeSize#choices()}, in bytes; {@link TreeNodeSize#DEFAULT} when unset. */
  private static Optional<TreeNodeSize> nodeSize(ConfigObject store) {
    Optional<JsonNode> field = store.field("nodeSize", Need.OPTIONAL);
    if (field.isEmpty()) {
      return Optional.of(TreeNodeSize.DEFAULT);
    }
    JsonNode value = field.get();
    Optional<TreeNodeSize> size = value.isIntegralNumber() && value.canConvertToLong()
        ? TreeNodeSize.ofBytes(value.longValue())
        : Optional.empty();
    if (size.isEmpty()) {
      store
          .problems()
          .add(
              store.at("nodeSize"),
              "must be a number of bytes: %s, got %s",
              ConfigObject.oneOf(
                  TreeNodeSize.choices().stream().map(String::valueOf).toList()),
              Json.describe(value));
    }
    return size;
  }

  private static Optional<KeyDerivation> derivation(ConfigObject pbkdf) {
    pbkdf.allowOnly(Set.of("algorithm", "iterations", "memory"));
    Problems problems = pbkdf.problems();
    int before = problems.count();
    Optional<String> algorithm = pbkdf.choice("algorithm", Need.REQUIRED, ALGORITHMS);
    Optional<Long> iterations = pbkdf.wholeNumber("iterations", Need.OPTIONAL, ITERATIONS);
    Optional<Long> memory = pbkdf.wholeNumber("memory", Need.OPTIONAL, MEMORY);
    if (algorithm.equals(Optional.of("pbkdf2")) && pbkdf.has("memory")) {
      problems.add(pbkdf.at("memory"), "must not be set for \"pbkdf2\", which has no memory cost");
    }
    if (problems.count() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new KeyDerivation(algorithm.orElseThrow(), optionalInt(iterations), optionalInt(memory)));
  }

  private static OptionalInt optionalInt(Optional<Long> value) {
    return value.map(v -> OptionalInt.of(Math.toIntExact(v))).orElse(OptionalInt.empty());
  }

  static ObjectNode write(StoreSpec store, JsonNodeFactory json) {
    ObjectNode out = json.objectNode();
    out.put("name", store.name())
        .put("size", store.sizeGigabytes())
        .put("encryption", store.encryption().name().toLowerCase(Locale.ROOT));
    store.keyFile().ifPresent(k -> out.put("keyfile", k.toString()));
    out.put("compression", store.compression().configName());
    store.nodeSize().bytes().ifPresent(n -> out.put("nodeSize", n));
    store.keyDerivation().ifPresent(d -> {
      ObjectNode pbkdf = out.putObject("pbkdf").put("algorithm", d.algorithm());
      d.iterations().ifPresent(i -> pbkdf.put("iterations", i));
      d.memoryKib().ifPresent(m -> pbkdf.put("memory", m));
    });
    return out;
  }
}
