package dev.mnemosyne.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jars {@code mvn package} builds for each published module: a stable
 * {@code Automatic-Module-Name} in the main jar's manifest, and the sources and Javadoc jars
 * beside it. The CLI's module is packaged last in the reactor, so every other module's jars are
 * built when this runs.
 */
class PublishedJarsIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  static Stream<Arguments> modules() {
    return Stream.of(
        Arguments.of("mnemosyne-core", "dev.mnemosyne.core", "dev/mnemosyne/core/Mnemosyne"),
        Arguments.of(
            "mnemosyne-adapters-linux",
            "dev.mnemosyne.adapters.linux",
            "dev/mnemosyne/adapters/linux/LinuxAdapters"),
        Arguments.of(
            "mnemosyne-testkit", "dev.mnemosyne.testkit", "dev/mnemosyne/testkit/FakeEnvironment"),
        Arguments.of("mnemosyne-cli", "dev.mnemosyne.cli", "dev/mnemosyne/cli/Main"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void theMainJarNamesItsModule(String artifact, String moduleName, String entryPoint)
      throws IOException {
    try (JarFile jar = new JarFile(jar(artifact, "").toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .as("Automatic-Module-Name of %s", jar.getName())
          .isEqualTo(moduleName);
      assertThat(jar.getEntry(entryPoint + ".class"))
          .as("%s in %s", entryPoint, jar.getName())
          .isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void theSourcesAndTheJavadocArePublishedBesideIt(
      String artifact, String moduleName, String entryPoint) throws IOException {
    try (JarFile sources = new JarFile(jar(artifact, "-sources").toFile())) {
      assertThat(sources.getEntry(entryPoint + ".java"))
          .as("%s in %s", entryPoint, sources.getName())
          .isNotNull();
    }
    try (JarFile javadoc = new JarFile(jar(artifact, "-javadoc").toFile())) {
      assertThat(javadoc.getEntry(entryPoint + ".html"))
          .as("%s in %s", entryPoint, javadoc.getName())
          .isNotNull();
      assertThat(javadoc.getEntry("index.html"))
          .as("index.html in %s", javadoc.getName())
          .isNotNull();
    }
  }

  /** The module's jar with a classifier ("" for the main jar), as {@code mvn package} names it. */
  private static Path jar(String artifact, String classifier) {
    Path target = REPO.resolve(artifact).resolve("target");
    String name = artifact + "-" + version() + classifier + ".jar";
    assertThat(target.resolve(name)).as("built by mvn package in %s", target).isRegularFile();
    return target.resolve(name);
  }

  private static String version() {
    String version = System.getProperty("mnemosyne.version", "");
    assertThat(version)
        .as("system property mnemosyne.version, set by the build")
        .isNotEmpty();
    return version;
  }
}
