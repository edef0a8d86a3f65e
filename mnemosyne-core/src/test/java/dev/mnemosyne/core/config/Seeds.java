package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The configuration files the tests start from: the original tool's, and the shipped examples. */
final class Seeds {
  private static final Pattern CODE_BLOCK = Pattern.compile("```\\n(\\{.*?)```", Pattern.DOTALL);

  private Seeds() {}

  static String resource(String name) {
    try (InputStream in = Seeds.class.getResourceAsStream("/seed/" + name)) {
      assertThat(in).as("test resource /seed/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String template() {
    return resource("original-config-template.json");
  }

  /** The JSON examples of the original README, in order: CIFS, then iSCSI. */
  static List<String> readmeExamples() {
    Matcher m = CODE_BLOCK.matcher(resource("original-README.md"));
    List<String> examples = new ArrayList<>();
    while (m.find()) {
      examples.add(m.group(1));
    }
    return examples;
  }

  /** The repository's {@code examples} directory, found from the module's directory. */
  static Path examplesDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("examples")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir.resolve("examples");
      }
    }
    throw new AssertionError("no examples directory above " + Path.of("").toAbsolutePath());
  }

  static List<Path> examples() {
    try (Stream<Path> files = Files.list(examplesDirectory())) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every seed as text: the template, the README's examples and the shipped examples. */
  static List<String> all() {
    List<String> all = new ArrayList<>();
    all.add(template());
    all.addAll(readmeExamples());
    for (Path example : examples()) {
      try {
        all.add(Files.readString(example));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all;
  }
}
