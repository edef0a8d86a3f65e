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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SIGINT and SIGTERM to a real {@code --mount} process: it tears down and exits 130 or 143. */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class SignalTest {
  @TempDir Path temp;
  private Path config;

  @BeforeEach
  void createStore() throws IOException {
    Path remote = Files.createDirectories(temp.resolve("remote"));
    Path source = Files.createDirectories(temp.resolve("docs"));
    config = TestConfigs.unencryptedLocal(temp, remote, 2, 0, source);
    CliRun init = CliRun.call(new LinuxWiring(), temp.resolve("run"), "--init-store", "-c", config.toString());
    assertThat(init.code()).as(init.toString()).isZero();
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  @ParameterizedTest
  @CsvSource({"INT, 130", "TERM, 143"})
  void aSignalUnmountsTheStoreAndExitsWithItsCode(String signal, int expected) throws Exception {
    Path stderr = temp.resolve("stderr.txt");
    Process process = ProcessRun.builder(temp.resolve("run"), stderr, "--mount", "-c", config.toString()).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String mountPoint = out.readLine();
      assertThat(mountPoint).as("stderr: %s", Files.readString(stderr)).isNotNull();
      assertThat(TestConfigs.mountsUnder(temp)).anyMatch(line -> line.contains(mountPoint));

      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
      int code = process.waitFor();

      assertThat(code).as("stderr: %s", Files.readString(stderr)).isEqualTo(expected);
    } finally {
      process.destroyForcibly().waitFor();
    }
    assertThat(Files.readString(stderr)).contains("SIG" + signal + " received", "unmounting the store");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
  }

  @Test
  void aHangupAlsoTearsDown() throws Exception {
    Path stderr = temp.resolve("stderr.txt");
    Process process = ProcessRun.builder(temp.resolve("run"), stderr, "--mount", "-c", config.toString()).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).as("stderr: %s", Files.readString(stderr)).isNotNull();

      new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start().waitFor();

      assertThat(process.waitFor()).as("the JVM's status for SIGHUP").isEqualTo(129);
    } finally {
      process.destroyForcibly().waitFor();
    }
    assertThat(Files.readString(stderr)).contains("unmounting the store");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
  }
}
