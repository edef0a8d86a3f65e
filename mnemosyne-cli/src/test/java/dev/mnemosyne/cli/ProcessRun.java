package dev.mnemosyne.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command as a real process: {@code java -cp <test class path> dev.mnemosyne.cli.Main ARGS}. */
final class ProcessRun {
  private ProcessRun() {}

  static ProcessBuilder builder(Path runtime, Path stderr, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectError(stderr.toFile());
    Map<String, String> env = builder.environment();
    env.put("RUNTIME_DIRECTORY", runtime.toString());
    env.put("STATE_DIRECTORY", runtime.resolve("state").toString());
    env.put("LC_ALL", "C.UTF-8");
    return builder;
  }

  /** Runs to the end and returns the exit code and output. */
  static CliRun run(Path temp, String... args) throws IOException, InterruptedException {
    Path stderr = Files.createTempFile(temp, "stderr", ".txt");
    Process process = builder(temp.resolve("run"), stderr, args).start();
    String out;
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      StringBuilder all = new StringBuilder();
      reader.lines().forEach(line -> all.append(line).append('\n'));
      out = all.toString();
    }
    int code = process.waitFor();
    return new CliRun(code, out, Files.readString(stderr));
  }
}
