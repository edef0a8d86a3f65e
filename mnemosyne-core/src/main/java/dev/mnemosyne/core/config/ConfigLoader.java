package dev.mnemosyne.core.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemosyne.core.config.ConfigObject.Need;
import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.failure.ConfigProblem;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Hooks;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StoreSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads mnemosyne's JSON configuration file, the original tool's format extended with
 * optional keys, into a {@link BackupConfig}. Every problem in a file is reported at once,
 * each under its JSON path, in a {@link ConfigException}; nothing else is ever thrown for a
 * bad file.
 *
 * <pre>{@code
 * {
 *   "remote":   {"type": "cifs", "volume": "\\\\nas\\backup", "username": "u", "password": "p"},
 *   "store":    {"name": "backup.btrfs", "size": 2200, "keyfile": "/usr/local/etc/mnemosyne/key"},
 *   "strategy": {"stages": 8, "rotate": 168},
 *   "local":    {"directories": [{"key": "etc", "directory": "/etc"}]}
 * }
 * }</pre>
 */
public final class ConfigLoader {
  /** No configuration is anywhere near this large; a larger file is not one. */
  static final long MAX_FILE_BYTES = 1 << 20;

  /** For {@link #redactedJson} only: reading needs no {@code ObjectMapper} (JsonTreeReader). */
  private static final class Printer {
    static final ObjectMapper MAPPER = JsonMapper.builder().build();
  }

  private ConfigLoader() {}

  /**
   * Reads and checks the configuration file {@code file}.
   *
   * @throws ConfigException listing every problem, including a file that cannot be read
   */
  public static BackupConfig load(Path file) {
    requireNonNull(file, "file");
    return parse(read(file));
  }

  /**
   * Checks a configuration given as JSON text.
   *
   * @throws ConfigException listing every problem in the text
   */
  public static BackupConfig parse(String json) {
    requireNonNull(json, "json");
    Problems problems = new Problems();
    try {
      Optional<BackupConfig> config = tree(json, problems).flatMap(root -> config(root, problems));
      problems.throwIfAny();
      return config.orElseThrow(() -> unreadable("the configuration could not be read"));
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException refused) {
      // A check above missed something the domain refuses; its words name the value, never a
      // secret.
      throw unreadable("the configuration cannot be used: " + refused.getMessage());
    } catch (RuntimeException unexpected) {
      throw unreadable(
          "the configuration could not be read (" + unexpected.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The effective configuration as pretty-printed JSON in the configuration file's own shape,
   * every default filled in and the CIFS password shown as {@code "******"}.
   */
  public static String redactedJson(BackupConfig config) {
    requireNonNull(config, "config");
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    root.set("remote", RemoteSection.write(config.remote(), json));
    root.set("store", StoreSection.write(config.store(), json));
    root.set("strategy", StrategySection.write(config.strategy(), json));
    root.putObject("local")
        .set("directories", DirectoriesSection.write(config.directories(), json));
    if (!config.hooks().isEmpty()) {
      root.set("hooks", HooksSection.write(config.hooks(), json));
    }
    config.metricsFile().ifPresent(file -> root.set("metrics", MetricsSection.write(file, json)));
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
    printer.indentObjectsWith(new DefaultIndenter("  ", "\n"));
    try {
      return Printer.MAPPER.writer(printer).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(
          "a tree of strings and numbers always serialises", impossible);
    }
  }

  private static String read(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw unreadable("cannot read the configuration file " + file + ": it is a directory");
      }
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        // A FIFO would block the open until someone writes; a device (/dev/zero) never ends.
        throw unreadable("cannot read the configuration file " + file
            + ": it is not a regular file (a device," + " a FIFO or a socket)");
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
      }
      if (bytes.length > MAX_FILE_BYTES) {
        throw unreadable(
            "cannot read the configuration file " + file + ": larger than the limit of "
                + MAX_FILE_BYTES + " bytes (1 MiB), which no configuration comes near");
      }
      String text = StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (NoSuchFileException missing) {
      throw unreadable("cannot read the configuration file " + file + ": it does not exist");
    } catch (AccessDeniedException denied) {
      throw unreadable("cannot read the configuration file " + file + ": permission denied");
    } catch (CharacterCodingException notText) {
      throw unreadable("cannot read the configuration file " + file + ": it is not UTF-8 text");
    } catch (IOException failed) {
      throw unreadable("cannot read the configuration file " + file + ": " + failed.getMessage());
    }
  }

  private static ConfigException unreadable(String message) {
    return new ConfigException(List.of(new ConfigProblem(ConfigPath.ROOT.text(), message)));
  }

  private static Optional<JsonNode> tree(String json, Problems problems) {
    try {
      Optional<JsonNode> root = JsonTreeReader.read(json);
      if (root.isEmpty()) {
        problems.add(ConfigPath.ROOT, "the configuration is empty; it must be a JSON object {...}");
      }
      return root;
    } catch (JsonProcessingException e) {
      problems.add(
          duplicatePath(e).orElse(ConfigPath.ROOT), "%s%s", describe(e), where(e.getLocation()));
      return Optional.empty();
    } catch (IOException impossible) {
      throw new UncheckedIOException("reading JSON from a string", impossible);
    }
  }

  private static Optional<BackupConfig> config(JsonNode root, Problems problems) {
    if (!root.isObject()) {
      problems.add(
          ConfigPath.ROOT,
          "the configuration must be a JSON object {...}, got %s",
          Json.describe(root));
      return Optional.empty();
    }
    ConfigObject document = ConfigObject.of(root, ConfigPath.ROOT, problems).orElseThrow();
    document.allowOnly(Set.of("remote", "store", "strategy", "local", "hooks", "metrics"));
    Optional<Remote> remote = document.object("remote", Need.REQUIRED).flatMap(RemoteSection::read);
    Optional<StoreSpec> store = document.object("store", Need.REQUIRED).flatMap(StoreSection::read);
    Optional<RotationPolicy> strategy =
        document.object("strategy", Need.REQUIRED).flatMap(StrategySection::read);
    Optional<List<SourceDirectory>> directories =
        document.object("local", Need.REQUIRED).flatMap(DirectoriesSection::read);
    Optional<Hooks> hooks = document.has("hooks")
        ? document.object("hooks", Need.OPTIONAL).flatMap(HooksSection::read)
        : Optional.of(Hooks.NONE);
    Optional<Path> metricsFile =
        document.object("metrics", Need.OPTIONAL).flatMap(MetricsSection::read);
    if (hooks.isPresent() && remote.isPresent()) {
      HooksSection.refuseSecrets(hooks.get(), remote.get(), problems);
    }
    if (!problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new BackupConfig(
        remote.orElseThrow(),
        store.orElseThrow(),
        strategy.orElseThrow(),
        directories.orElseThrow(),
        hooks.orElseThrow(),
        metricsFile));
  }

  /**
   * Jackson's own words for what is wrong, kept only where they cannot contain the file's
   * text: a malformed value might be a password.
   */
  private static String describe(JsonProcessingException e) {
    String original = String.valueOf(e.getOriginalMessage());
    if (original.startsWith("Duplicate field")) {
      return "appears twice in the same object; each key may be given only once";
    }
    if (e instanceof JsonEOFException || original.startsWith("Unexpected end-of-input")) {
      return "the JSON ends too early: an object, array or string is not closed";
    }
    if (e instanceof StreamConstraintsException) {
      return "the JSON is nested too deeply or holds a value too long to be a configuration";
    }
    if (original.startsWith(JsonTreeReader.TRAILING)) {
      return "there is more text after the end of the JSON object";
    }
    String what = original.startsWith("Unrecognized token")
        ? "malformed JSON: a word that is not quoted"
        : original.startsWith("Unexpected character")
            ? "malformed JSON: an unexpected character"
            : original.startsWith("Illegal unquoted character")
                ? "malformed JSON: a line break, tab or other control"
                    + " character inside a string must be written as an escape such as \\n"
                : "malformed JSON";
    if (!original.contains("'") && !original.contains("\"") && !what.contains("control")) {
      return what + " (" + firstLine(original) + ")";
    }
    int expecting = original.indexOf("was expecting");
    return expecting < 0 ? what : what + ", " + firstLine(original.substring(expecting));
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** For a duplicate key, the path of the key that appears twice. */
  private static Optional<ConfigPath> duplicatePath(JsonProcessingException e) {
    if (!String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")
        || !(e.getProcessor() instanceof JsonParser parser)) {
      return Optional.empty();
    }
    Deque<JsonStreamContext> contexts = new ArrayDeque<>();
    for (JsonStreamContext c = parser.getParsingContext();
        c != null && !c.inRoot();
        c = c.getParent()) {
      contexts.push(c);
    }
    ConfigPath path = ConfigPath.ROOT;
    for (JsonStreamContext c : contexts) {
      if (c.inArray()) {
        path = path.index(Math.max(c.getCurrentIndex(), 0));
      } else if (c.getCurrentName() != null) {
        path = path.key(c.getCurrentName());
      }
    }
    return Optional.of(path);
  }
}
