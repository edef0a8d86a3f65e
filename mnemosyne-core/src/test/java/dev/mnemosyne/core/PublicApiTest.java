package dev.mnemosyne.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's public API is exactly the types listed in {@code public-api.txt}: a type made
 * public, or no longer public, is a visible change of that file.
 */
class PublicApiTest {

  @Test
  void thePublicTypesAreExactlyTheListedOnes() throws IOException, URISyntaxException {
    List<String> publicTypes = publicTypesOf(Path.of(
        Mnemosyne.class.getProtectionDomain().getCodeSource().getLocation().toURI()));

    assertThat(publicTypes)
        .as(
            "the public types of mnemosyne-core; if the change is meant, "
                + "mnemosyne-core/src/test/resources/public-api.txt becomes:%n%s",
            String.join("\n", publicTypes))
        .containsExactlyElementsOf(listed());
  }

  @Test
  void internalsOfTheUseCasesAreNotPublic() throws IOException, URISyntaxException {
    assertThat(listed())
        .doesNotContain(
            "dev.mnemosyne.core.Rotation",
            "dev.mnemosyne.core.RetentionRotation",
            "dev.mnemosyne.core.SyncRecord",
            "dev.mnemosyne.core.StageKeeper",
            "dev.mnemosyne.core.StoreQueries");
    assertThat(listed())
        .contains(
            "dev.mnemosyne.core.Mnemosyne",
            "dev.mnemosyne.core.model.BackupConfig",
            "dev.mnemosyne.core.config.ConfigLoader",
            "dev.mnemosyne.core.port.SnapshotFilesystem");
  }

  private static List<String> listed() throws IOException {
    try (InputStream in = PublicApiTest.class.getResourceAsStream("/public-api.txt")) {
      assertThat(in).as("public-api.txt on the test class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    }
  }

  /** Every class under {@code classes} whose name and every enclosing class are public, sorted. */
  private static List<String> publicTypesOf(Path classes) throws IOException {
    try (Stream<Path> files = Files.walk(classes.resolve("dev/mnemosyne/core"))) {
      return files
          .map(file -> classes.relativize(file).toString())
          .filter(name -> name.endsWith(".class") && !name.endsWith("package-info.class"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .map(PublicApiTest::load)
          .flatMap(Optional::stream)
          .filter(PublicApiTest::isVisibleOutsideItsPackage)
          .map(Class::getCanonicalName)
          .sorted()
          .toList();
    }
  }

  private static Optional<Class<?>> load(String binaryName) {
    try {
      return Optional.of(Class.forName(binaryName, false, PublicApiTest.class.getClassLoader()));
    } catch (ClassNotFoundException e) {
      throw new AssertionError("a class file without its class: " + binaryName, e);
    }
  }

  private static boolean isVisibleOutsideItsPackage(Class<?> type) {
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
      return false;
    }
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }
}
