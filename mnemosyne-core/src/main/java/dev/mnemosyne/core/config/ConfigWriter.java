package dev.mnemosyne.core.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Remote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a {@link BackupConfig} as a configuration file that {@link ConfigLoader} reads back
 * to an equal configuration: the file's own shape, every default filled in, and (unlike
 * {@link ConfigLoader#redactedJson}) the CIFS password itself, so the file is created with
 * mode 0600. For tools and tests whose code takes a configuration path.
 *
 * <pre>{@code
 * Path file = ConfigWriter.write(config, Path.of("/tmp/work/config.json"));
 * assert ConfigLoader.load(file).equals(config);
 * }</pre>
 */
public final class ConfigWriter {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ConfigWriter() {}

  /** The configuration as JSON text, password included. */
  public static String json(BackupConfig config) {
    requireNonNull(config, "config");
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    ObjectNode remote = RemoteSection.write(config.remote(), json);
    if (config.remote() instanceof Remote.Cifs cifs) {
      cifs.password().ifPresent(password -> remote.put("password", password.reveal()));
    }
    root.set("remote", remote);
    root.set("store", StoreSection.write(config.store(), json));
    root.set("strategy", StrategySection.write(config.strategy(), json));
    root.putObject("local")
        .set("directories", DirectoriesSection.write(config.directories(), json));
    if (!config.hooks().isEmpty()) {
      root.set("hooks", HooksSection.write(config.hooks(), json));
    }
    config.metricsFile().ifPresent(file -> root.set("metrics", MetricsSection.write(file, json)));
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(
          "a tree of strings and numbers always serialises", impossible);
    }
  }

  /**
   * Writes the configuration to {@code file}, a new file made with mode 0600 (it may hold a
   * password); returns {@code file}.
   *
   * @throws UncheckedIOException when the file exists already or cannot be written
   */
  public static Path write(BackupConfig config, Path file) {
    requireNonNull(file, "file");
    String text = json(config);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the configuration file " + file + ": " + e.getMessage(), e);
    }
  }
}
