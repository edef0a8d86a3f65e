package dev.mnemosyne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** One in-process call of the command: its exit code and what it printed. */
record CliRun(int code, String out, String err) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Calls the command with {@code adapters}, mount points and locks under {@code runtime}, no terminal. */
  static CliRun call(Adapters adapters, Path runtime, String... args) {
    return call(withoutTerminal(adapters, runtime, runtime.resolve("state")), args);
  }

  /**
   * Calls the command with {@code adapters} on the configuration file {@code config} (appended
   * as {@code --config}), mount points and locks under {@code temp/run}, state under {@code
   * temp/state}, no terminal.
   */
  static CliRun callWithConfig(Adapters adapters, Path temp, Path config, String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return call(withoutTerminal(adapters, temp.resolve("run"), temp.resolve("state")), all);
  }

  private static Cli withoutTerminal(Adapters adapters, Path runtime, Path state) {
    return new Cli(
        adapters,
        Map.of("RUNTIME_DIRECTORY", runtime.toString(), "STATE_DIRECTORY", state.toString()),
        new Cli.Terminal(false, true),
        new StopRequest(),
        Clock.systemUTC());
  }

  /** The command wired to the Linux adapters, mount points, locks and state under {@code runtime}, no terminal. */
  static Cli linuxCli(Path runtime) {
    return new Cli(
        new LinuxWiring(),
        Map.of(
            "RUNTIME_DIRECTORY",
            runtime.toString(),
            "STATE_DIRECTORY",
            runtime.resolve("state").toString()),
        new Cli.Terminal(false, false),
        new StopRequest(),
        Clock.systemUTC());
  }

  static CliRun call(Cli cli, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = cli.run(args, o, e);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Stdout read as the JSON report. */
  JsonNode json() {
    try {
      return MAPPER.readTree(out);
    } catch (IOException e) {
      throw new UncheckedIOException("stdout is not JSON: " + out, e);
    }
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
