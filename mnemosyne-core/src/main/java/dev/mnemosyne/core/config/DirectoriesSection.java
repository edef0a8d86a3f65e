package dev.mnemosyne.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemosyne.core.config.ConfigObject.Element;
import dev.mnemosyne.core.config.ConfigObject.Need;
import dev.mnemosyne.core.model.BlockSize;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code local} object: the {@code directories} to back up, each with a {@code key}
 * naming its stages in the store, an absolute {@code directory}, optional rsync {@code
 * exclude} patterns and an optional {@code blockSize}. Keys and directories must be unique.
 */
final class DirectoriesSection {
  private DirectoriesSection() {}

  static Optional<List<SourceDirectory>> read(ConfigObject local) {
    local.allowOnly(Set.of("directories"));
    Problems problems = local.problems();
    int before = problems.count();
    Optional<List<Element>> elements = local.array("directories", Need.REQUIRED, false);
    if (elements.isEmpty()) {
      return Optional.empty();
    }
    Map<String, ConfigPath> keys = new HashMap<>();
    Map<Path, ConfigPath> directories = new HashMap<>();
    List<SourceDirectory> sources = new ArrayList<>();
    for (Element element : elements.get()) {
      ConfigObject.of(element.node(), element.path(), problems)
          .flatMap(entry -> entry(entry, keys, directories))
          .ifPresent(sources::add);
    }
    return problems.count() == before ? Optional.of(sources) : Optional.empty();
  }

  private static Optional<SourceDirectory> entry(
      ConfigObject entry, Map<String, ConfigPath> keys, Map<Path, ConfigPath> directories) {
    entry.allowOnly(Set.of("key", "directory", "exclude", "blockSize"));
    Problems problems = entry.problems();
    int before = problems.count();
    Optional<String> key = entry.string("key", Need.REQUIRED).filter(k -> {
      if (!StageKey.isValid(k)) {
        problems.add(
            entry.at("key"),
            "must be 1 to 64 characters of A-Z, a-z, 0-9, \"_\" and \"-\", got %s",
            Json.quote(k));
        return false;
      }
      ConfigPath first = keys.putIfAbsent(k, entry.at("key"));
      if (first != null) {
        problems.add(
            entry.at("key"),
            "%s is already used by %s; every key must be unique",
            Json.quote(k),
            first);
        return false;
      }
      return true;
    });
    Optional<Path> directory = entry.absolutePath("directory", Need.REQUIRED).filter(d -> {
      ConfigPath first = directories.putIfAbsent(d, entry.at("directory"));
      if (first != null) {
        problems.add(
            entry.at("directory"),
            "%s is already backed up by %s",
            Json.quote(d.toString()),
            first);
        return false;
      }
      return true;
    });
    List<String> excludes = new ArrayList<>();
    entry.array("exclude", Need.OPTIONAL, true).ifPresent(patterns -> {
      for (Element pattern : patterns) {
        entry
            .text(
                pattern.node(),
                pattern.path(),
                "a non-empty string (an rsync exclude pattern)",
                true)
            .ifPresent(excludes::add);
      }
    });
    Optional<BlockSize> blockSize = blockSize(entry);
    if (problems.count() != before) {
      return Optional.empty();
    }
    return Optional.of(new SourceDirectory(
        new StageKey(key.orElseThrow()),
        directory.orElseThrow(),
        excludes,
        blockSize.orElseThrow()));
  }

  /** {@code "auto"}, or a whole number of bytes that {@link BlockSize#fixed} accepts. */
  private static Optional<BlockSize> blockSize(ConfigObject entry) {
    Optional<JsonNode> field = entry.field("blockSize", Need.OPTIONAL);
    if (field.isEmpty()) {
      return Optional.of(BlockSize.DEFAULT);
    }
    JsonNode value = field.get();
    if (value.isTextual() && value.textValue().equals(BlockSize.AUTOMATIC_NAME)) {
      return Optional.of(BlockSize.automatic());
    }
    if (value.isIntegralNumber()
        && value.canConvertToInt()
        && BlockSize.isValidFixed(value.intValue())) {
      return Optional.of(BlockSize.fixed(value.intValue()));
    }
    entry
        .problems()
        .add(
            entry.at("blockSize"),
            "must be \"%s\" or a number of bytes, a multiple of %s from %s to %s, got %s",
            BlockSize.AUTOMATIC_NAME,
            BlockSize.MIN_BYTES,
            BlockSize.MIN_BYTES,
            BlockSize.MAX_BYTES,
            Json.describe(value));
    return Optional.empty();
  }

  static ArrayNode write(List<SourceDirectory> sources, JsonNodeFactory json) {
    ArrayNode out = json.arrayNode();
    for (SourceDirectory source : sources) {
      ObjectNode entry = out.addObject()
          .put("key", source.key().value())
          .put("directory", source.directory().toString());
      source.excludes().forEach(entry.putArray("exclude")::add);
      if (!source.blockSize().equals(BlockSize.DEFAULT)) {
        source
            .blockSize()
            .fixedBytes()
            .ifPresentOrElse(
                bytes -> entry.put("blockSize", bytes),
                () -> entry.put("blockSize", BlockSize.AUTOMATIC_NAME));
      }
    }
    return out;
  }
}
