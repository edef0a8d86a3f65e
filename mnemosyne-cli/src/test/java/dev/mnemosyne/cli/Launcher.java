package dev.mnemosyne.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The command as cron or a bare systemd unit starts it: {@code bin/mnemosyne} under {@code env -i},
 * with no locale and nothing else but what is given. The launcher runs a jar whose manifest
 * points at the test class path, so the classes under test are the ones that run.
 */
final class Launcher {
  private static final Path SCRIPT =
      Path.of("..", "bin", "mnemosyne").toAbsolutePath().normalize();

  private Launcher() {}

  /**
   * Runs {@code bin/mnemosyne ARGS} with only {@code PATH}, {@code JAVA_HOME}, the jar, the runtime
   * and state directories under {@code temp} and {@code extra} in its environment.
   */
  static CliRun run(Path temp, Map<String, String> extra, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        "/usr/bin/env",
        "-i",
        "PATH=/usr/bin:/bin",
        "JAVA_HOME=" + System.getProperty("java.home"),
        "MNEMOSYNE_JAR=" + jar(temp),
        "RUNTIME_DIRECTORY=" + temp.resolve("run"),
        "STATE_DIRECTORY=" + temp.resolve("run/state")));
    extra.forEach((name, value) -> command.add(name + "=" + value));
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    Path stderr = Files.createTempFile(temp, "stderr", ".txt");
    Process process = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectError(stderr.toFile())
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    return new CliRun(code, out, Files.readString(stderr, StandardCharsets.UTF_8));
  }

  /** A jar with nothing but a manifest: {@link Main} as its main class, the test class path as its class path. */
  private static Path jar(Path temp) throws IOException {
    Path jar = temp.resolve("launch/mnemosyne.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    Files.createDirectories(jar.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    manifest
        .getMainAttributes()
        .put(
            Attributes.Name.CLASS_PATH,
            Stream.of(System.getProperty("java.class.path").split(":"))
                .filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" ")));
    try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.flush();
    }
    return jar;
  }
}
