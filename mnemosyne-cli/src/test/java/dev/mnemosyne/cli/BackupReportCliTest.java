package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.testkit.FakeEnvironment;
import dev.mnemosyne.testkit.Fault;
import dev.mnemosyne.testkit.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code --backup --json} adds for tools that read it: the run's totals, the kind of its
 * failure, and for every directory it did not reach the failure that stopped it; the
 * fields that were there before stay as they were. {@code --verbose} shows where the run is,
 * teardown included.
 */
class BackupReportCliTest {
  @TempDir
  Path temp;

  private FakeEnvironment env;
  private Path docs;
  private Path music;
  private Path config;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(temp.resolve("world"));
    docs = env.sourceDirectory("docs");
    music = env.sourceDirectory("music");
    Files.writeString(docs.resolve("a.txt"), "alpha");
    Files.writeString(music.resolve("b.txt"), "beta");
    Path remote = ((Remote.Local) env.localRemote()).path();
    config = TestConfigs.write(
        temp.resolve("config.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"fake.btrfs\", \"size\": 1, \"keyfile\": \"" + env.keyFile()
            + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 0},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + docs
            + "\"},\n"
            + "                            {\"key\": \"music\", \"directory\": \"" + music
            + "\"}]}\n"
            + "}\n");
    CliRun init = call("--init-store");
    assertThat(init.code()).as(init.toString()).isZero();
  }

  @AfterEach
  void nothingIsLeftBehind() {
    Thread.interrupted();
    assertThat(env.leftovers()).isEmpty();
  }

  @Test
  void aBackupReportsTheRunsTotals() {
    CliRun run = call("--backup", "--json");

    assertThat(run.code()).as(run.toString()).isZero();
    JsonNode json = run.json();
    JsonNode stats = json.get("stats");
    assertThat(stats.get("filesTransferred").asLong()).isEqualTo(2);
    assertThat(stats.get("bytesTransferred").asLong()).isEqualTo(9);
    assertThat(stats.get("files").asLong())
        .isEqualTo(json.get("directories").get(0).get("stats").get("files").asLong()
            + json.get("directories").get(1).get("stats").get("files").asLong());
    assertThat(json.get("directories").get(1).get("key").asText()).isEqualTo("music");
    assertThat(json.get("failure").isNull()).isTrue();
  }

  @Test
  void aFailedCopyNamesItsKindBesideItsTypeStepAndReason() {
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.error());

    CliRun run = call("--backup", "--json");

    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    JsonNode failure = run.json().get("failure");
    assertThat(failure.get("type").asText()).isEqualTo("StepFailedException");
    assertThat(failure.get("kind").asText()).isEqualTo("step-failed");
    assertThat(failure.get("step").asText()).isEqualTo("transfer");
    assertThat(failure.get("reason").asText()).isEqualTo("error");
    assertThat(run.json().get("directories").get(0).get("failure").get("kind").asText())
        .isEqualTo("step-failed");
    assertThat(run.json().get("directories").get(1).get("status").asText()).isEqualTo("synced");
  }

  @Test
  void anInterruptedCopyIsCancelledAndTheDirectoryItDidNotReachSaysWhy() {
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.cancelled());

    CliRun run = call("--backup", "--json");

    assertThat(run.code()).as(run.toString()).isEqualTo(130);
    JsonNode json = run.json();
    assertThat(json.get("failure").get("kind").asText()).isEqualTo("cancelled");
    JsonNode skipped = json.get("directories").get(1);
    assertThat(skipped.get("status").asText()).isEqualTo("skipped");
    assertThat(skipped.get("failure").get("kind").asText()).isEqualTo("cancelled");
    assertThat(skipped.get("failure").get("message").asText())
        .isEqualTo(json.get("failure").get("message").asText());
  }

  @Test
  void verboseShowsEachDirectoryAsItStartsAndTheTeardownStepsInTheirOrder() {
    CliRun run = call("--backup", "-v");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.err())
        .contains("backing up docs (" + docs + ")", "backing up music (" + music + ")");
    String err = run.err();
    int unmount = err.indexOf("- unmount the store filesystem: ");
    int close = err.indexOf("- close the encrypted volume: ");
    int remote = err.indexOf("- unmount the remote: ");
    int lock = err.indexOf("- release the store's lock: ");
    assertThat(unmount).as(err).isGreaterThan(err.indexOf("backing up music"));
    assertThat(close).as(err).isGreaterThan(unmount);
    assertThat(remote).as(err).isGreaterThan(close);
    assertThat(lock).as(err).isGreaterThan(remote);
  }

  private CliRun call(String... args) {
    return CliRun.callWithConfig(new FakeAdapters(env), temp, config, args);
  }
}
