package dev.mnemosyne.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code packaging/class-archive} on the packaged jar: the archive it trains holds every class of
 * mnemosyne's own that a host check, a backup's steps and a printed configuration load, so that
 * none of them is read from the jar at a run's start (docs/PERFORMANCE.md measures what that
 * saves).
 */
@RequiresCapability(Capability.BTRFS)
class ClassArchiveIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = REPO.resolve("mnemosyne-cli/target/mnemosyne.jar");
  private static final Path LAUNCHER = REPO.resolve("bin/mnemosyne");

  @TempDir
  static Path temp;

  private static Path jar;
  private static Path config;

  @BeforeAll
  static void archiveACopyOfThePackagedJar() throws IOException, InterruptedException {
    assertThat(JAR).as("the packaged CLI (mvn package builds it)").isRegularFile();
    jar = temp.resolve("lib/mnemosyne.jar");
    Files.createDirectories(jar.getParent());
    Files.copy(JAR, jar, StandardCopyOption.COPY_ATTRIBUTES);
    Run made = run(List.of(
        REPO.resolve("packaging/class-archive").toString(),
        jar.toString(),
        temp.resolve("lib/mnemosyne.jsa").toString(),
        LAUNCHER.toString()));
    assertThat(made.code()).as(made.output()).isZero();
    assertThat(temp.resolve("lib/mnemosyne.jsa")).isNotEmptyFile();

    // Another store than the training's, with names of its own, in a real (empty) btrfs image.
    Path remote = Files.createDirectories(temp.resolve("nas"));
    Path image = remote.resolve("home.btrfs");
    try (FileChannel file =
        FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      file.position((128L << 20) - 1).write(ByteBuffer.wrap(new byte[1]));
    }
    Run mkfs = run(List.of("mkfs.btrfs", "-q", image.toString()));
    assertThat(mkfs.code()).as(mkfs.output()).isZero();
    Path source = Files.createDirectories(temp.resolve("home"));
    Files.createDirectories(temp.resolve("run"));
    config = temp.resolve("config.json");
    Files.writeString(config, """
        {"remote": {"type": "local", "path": "%s"},
         "store": {"name": "home.btrfs", "size": 1, "encryption": "none"},
         "strategy": {"stages": 4, "rotate": 24},
         "local": {"directories": [{"key": "home", "directory": "%s"}]}}
        """.formatted(remote, source));
  }

  @Test
  void aHostCheckReadsNoneOfItsClassesFromTheJar() throws Exception {
    Run check = launch("check", "--verify-environment");

    assertThat(check.output()).contains("directory home:");
    assertThat(classesFromTheJar("check")).isEmpty();
  }

  @Test
  void aBackupReadsNoneOfItsClassesFromTheJar() throws Exception {
    Run backup = launch("backup", "--backup", "--dry-run");

    assertThat(backup.code()).as(backup.output()).isZero();
    assertThat(backup.output()).contains("$ rsync ").contains("$ umount ");
    assertThat(classesFromTheJar("backup")).isEmpty();
  }

  @Test
  void aPrintedConfigurationReadsNoneOfItsClassesFromTheJar() throws Exception {
    Run print = launch("print", "--check-config");

    assertThat(print.code()).as(print.output()).isZero();
    assertThat(print.output()).contains("\"key\": \"home\"");
    assertThat(classesFromTheJar("print")).isEmpty();
  }

  private Run launch(String log, String... action) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        "/usr/bin/env",
        "MNEMOSYNE_JAR=" + jar,
        "RUNTIME_DIRECTORY=" + temp.resolve("run"),
        "MNEMOSYNE_JAVA_OPTS=-Xlog:class+load=info:file=" + temp.resolve(log + ".classes"),
        LAUNCHER.toString()));
    command.addAll(List.of(action));
    command.addAll(List.of("--config", config.toString()));
    return run(command);
  }

  /** mnemosyne's own classes that the run's JVM loaded from the jar instead of the archive. */
  private static List<String> classesFromTheJar(String log) throws IOException {
    List<String> lines = Files.readAllLines(temp.resolve(log + ".classes"));
    assertThat(lines)
        .anyMatch(l -> l.contains(" dev.mnemosyne.cli.Main source: shared objects file"));
    return lines.stream()
        .filter(l -> l.contains(" dev.mnemosyne.") && l.contains("source: file:"))
        .toList();
  }

  private record Run(int code, String output) {}

  private static Run run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), output);
  }
}
