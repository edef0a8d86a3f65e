package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.cli.probe.ClassArchiveProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive: {@code packaging/class-archive} makes one for a jar through the
 * launcher, the launcher maps it, and an archive that is stale, truncated or garbage never
 * changes what a run prints or how it ends (the JVM starts without it).
 */
class LauncherClassArchiveTest {
  private static final Path SCRIPT =
      Path.of("..", "bin", "mnemosyne").toAbsolutePath().normalize();
  private static final Path MAKER =
      Path.of("..", "packaging", "class-archive").toAbsolutePath().normalize();
  private static final String PROBE_OUTPUT = "{\"probe\":1}\n";

  @TempDir
  Path temp;

  private Path jar;
  private Path archive;
  private Path length;

  @BeforeEach
  void makeJarAndArchive() throws Exception {
    jar = temp.resolve("lib/mnemosyne.jar");
    Files.createDirectories(jar.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ClassArchiveProbe.class.getName());
    String entry = ClassArchiveProbe.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        var in = ClassArchiveProbe.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    archive = temp.resolve("lib/mnemosyne.jsa");
    length = temp.resolve("lib/mnemosyne.jsa.size");
    Result made = exec(List.of(MAKER.toString(), jar.toString(), archive.toString()), Map.of());
    assertThat(made.code()).as(made.err()).isZero();
  }

  @Test
  void theMadeArchiveIsMappedByTheLauncher() throws Exception {
    assertThat(archive).isNotEmptyFile();
    assertThat(Files.readString(length).strip()).isEqualTo(String.valueOf(Files.size(archive)));
    assertThat(temp.resolve("lib")).isDirectoryNotContaining("glob:**/.class-archive*");

    Result run = launch();

    assertThat(run.out()).isEqualTo(PROBE_OUTPUT);
    assertThat(run.err()).isEmpty();
    assertThat(classSource()).contains("source: shared objects file");
  }

  @Test
  void anArchiveOfAnOlderJarIsIgnoredSilently() throws Exception {
    Files.setLastModifiedTime(
        jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

    Result run = launch();

    assertThat(run.code()).isZero();
    assertThat(run.out()).isEqualTo(PROBE_OUTPUT);
    assertThat(run.err()).isEmpty();
    assertThat(classSource()).contains("source: file:").doesNotContain("shared objects file");
  }

  @Test
  void aTruncatedArchiveIsNotUsed() throws Exception {
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    Result run = launch();

    assertThat(run.code()).isZero();
    assertThat(run.out()).isEqualTo(PROBE_OUTPUT);
    assertThat(run.err()).isEmpty();
    assertThat(classSource()).contains("source: file:");
  }

  @Test
  void aGarbageArchiveOfTheRecordedLengthIsIgnoredByTheJvm() throws Exception {
    byte[] garbage = new byte[(int) Files.size(archive)];
    new java.util.Random(7).nextBytes(garbage);
    Files.write(archive, garbage);

    Result run = launch();

    assertThat(run.code()).isZero();
    assertThat(run.out()).isEqualTo(PROBE_OUTPUT);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void noArchiveIsMadeForAMissingJarAndTheMakerStillSucceeds() throws Exception {
    Path other = temp.resolve("other/mnemosyne.jsa");

    Result made = exec(
        List.of(MAKER.toString(), temp.resolve("missing.jar").toString(), other.toString()),
        Map.of());

    assertThat(made.code()).isZero();
    assertThat(made.err()).contains("missing.jar not found").contains("without a class archive");
    assertThat(other).doesNotExist();
  }

  private Result launch() throws IOException, InterruptedException {
    return exec(
        List.of(SCRIPT.toString(), "--json"),
        Map.of("MNEMOSYNE_JAVA_OPTS", "-Xlog:class+load=info:file=" + temp.resolve("classes.log")));
  }

  /** Where the probe's class came from, as the JVM's class loading log says. */
  private String classSource() throws IOException {
    return Files.readAllLines(temp.resolve("classes.log")).stream()
        .filter(l -> l.contains(ClassArchiveProbe.class.getName() + " source:"))
        .findFirst()
        .orElse("");
  }

  private record Result(int code, String out, String err) {}

  private Result exec(List<String> args, Map<String, String> extra)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        "/usr/bin/env",
        "-i",
        "PATH=/usr/bin:/bin",
        "JAVA_HOME=" + System.getProperty("java.home"),
        "MNEMOSYNE_JAR=" + jar));
    extra.forEach((name, value) -> command.add(name + "=" + value));
    command.addAll(args);
    Path stderr = Files.createTempFile(temp, "stderr", ".txt");
    Process process = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectError(stderr.toFile())
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    return new Result(code, out, Files.readString(stderr, StandardCharsets.UTF_8));
  }
}
