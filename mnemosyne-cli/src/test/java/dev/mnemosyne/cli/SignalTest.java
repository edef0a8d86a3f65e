package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGINT, SIGTERM and SIGHUP to a real {@code --mount} process: it tears down and exits 130, 143 or
 * 129, and its {@code --json} report names the same code.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class SignalTest {
  @TempDir
  Path temp;

  private Path config;

  @BeforeEach
  void createStore() throws IOException {
    Path remote = Files.createDirectories(temp.resolve("remote"));
    Path source = Files.createDirectories(temp.resolve("docs"));
    config = TestConfigs.unencryptedLocal(temp, remote, 2, 0, source);
    CliRun init = CliRun.call(
        new LinuxWiring(), temp.resolve("run"), "--init-store", "-c", config.toString());
    assertThat(init.code()).as(init.toString()).isZero();
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  @ParameterizedTest
  @CsvSource({"INT, 130", "TERM, 143", "HUP, 129"})
  void aSignalUnmountsTheStoreAndExitsWithItsCode(String signal, int expected) throws Exception {
    Path stderr = temp.resolve("stderr.txt");
    Process process = ProcessRun.builder(
            temp.resolve("run"), stderr, "--mount", "-c", config.toString())
        .start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String mountPoint = out.readLine();
      assertThat(mountPoint).as("stderr: %s", Files.readString(stderr)).isNotNull();
      assertThat(TestConfigs.mountsUnder(temp)).anyMatch(line -> line.contains(mountPoint));

      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .inheritIO()
          .start()
          .waitFor();
      int code = process.waitFor();

      assertThat(code).as("stderr: %s", Files.readString(stderr)).isEqualTo(expected);
    } finally {
      process.destroyForcibly().waitFor();
    }
    assertThat(Files.readString(stderr))
        .contains("SIG" + signal + " received", "unmounting the store");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"INT, 130, interrupted", "TERM, 143, terminated", "HUP, 129, hangup"})
  void theJsonReportNamesTheExitCodeTheProcessExitsWith(String signal, int expected, String outcome)
      throws Exception {
    Path stderr = temp.resolve("stderr.txt");
    Process process = ProcessRun.builder(
            temp.resolve("run"), stderr, "--mount", "--json", "-c", config.toString())
        .start();
    String json;
    try {
      // With --json the mount point is in the report only; stderr says when the store is mounted.
      while (process.isAlive() && !Files.readString(stderr).contains("store mounted at")) {
        Thread.sleep(50);
      }
      assertThat(TestConfigs.mountsUnder(temp))
          .as("stderr: %s", Files.readString(stderr))
          .isNotEmpty();

      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .inheritIO()
          .start()
          .waitFor();
      json = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor()).as("stderr: %s", Files.readString(stderr)).isEqualTo(expected);
    } finally {
      process.destroyForcibly().waitFor();
    }
    CliRun run = new CliRun(expected, json, Files.readString(stderr));
    assertThat(run.json().get("exitCode").asInt()).as(run.toString()).isEqualTo(expected);
    assertThat(run.json().get("outcome").asText()).isEqualTo(outcome);
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
  }
}
