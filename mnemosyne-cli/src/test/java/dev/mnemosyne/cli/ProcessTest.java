package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as a real process: exit codes, stdout and stderr as a shell sees them. */
class ProcessTest {
  @TempDir
  Path temp;

  @Test
  void helpExitsZero() throws Exception {
    CliRun run = ProcessRun.run(temp, "--help");

    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("usage: mnemosyne").contains("143");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void versionExitsZero() throws Exception {
    CliRun run = ProcessRun.run(temp, "--version");

    assertThat(run.code()).isZero();
    assertThat(run.out()).isEqualTo("mnemosyne " + Version.current() + "\n");
  }

  @Test
  void aUsageErrorExitsTwo() throws Exception {
    CliRun run = ProcessRun.run(temp, "--backup", "--init-key");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).hasSize(2).last().isEqualTo(Help.HINT);
  }

  @Test
  void checkConfigPrintsJsonWithThePasswordRedacted() throws Exception {
    Path seed = Path.of("src/test/resources/seed/original-config-template.json").toAbsolutePath();

    CliRun run = ProcessRun.run(temp, "--check-config", "--json", "--config=" + seed);

    assertThat(run.code()).as(run.toString()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("effectiveConfig").get("remote").get("password").asText())
        .isEqualTo("******");
    assertThat(json.get("effectiveConfig").get("store").get("size").asInt()).isEqualTo(10);
    assertThat(run.out() + run.err()).doesNotContain("alskdjaslkdjasld");
  }

  @Test
  void aConfigurationErrorExitsFourWithoutAStackTrace() throws Exception {
    CliRun run =
        ProcessRun.run(temp, "--backup", "-c", temp.resolve("absent.json").toString());

    assertThat(run.code()).isEqualTo(4);
    assertThat(run.err()).startsWith("mnemosyne: ").doesNotContain("\tat ", "Exception");
  }

  @Test
  void verboseShowsTheStackTraceOfAFailure() throws Exception {
    CliRun run =
        ProcessRun.run(temp, "--backup", "-v", "-c", temp.resolve("absent.json").toString());

    assertThat(run.code()).isEqualTo(4);
    assertThat(run.err()).contains("ConfigException", "\tat ");
  }
}
