package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.core.config.ConfigLoader;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.testkit.FakeEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --status} with a last success recorded in the future (a clock that was set years ahead,
 * a damaged record): exit 9 and a message that blames the clock or the record, in text and JSON,
 * instead of "0 s ago" and exit 0 for years.
 */
class StatusClockCliTest {
  @TempDir
  Path temp;

  private FakeEnvironment env;
  private Path config;
  private Path statusFile;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(temp.resolve("world"));
    Path source = env.sourceDirectory("docs");
    Path remote = ((Remote.Local) env.localRemote()).path();
    config = TestConfigs.write(
        temp.resolve("config.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"fake.btrfs\", \"size\": 1, \"keyfile\": \"" + env.keyFile()
            + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 24},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + source
            + "\"}]}\n"
            + "}\n");
    statusFile = temp.resolve("state")
        .resolve(ConfigLoader.load(config).storeId().value())
        .resolve("status");
  }

  private void recordSuccessAt(Instant at) throws IOException {
    Files.createDirectories(statusFile.getParent());
    Files.writeString(statusFile, "docs " + at.getEpochSecond() + "\n");
  }

  @Test
  void aSuccessTenYearsAheadExitsNineBlamingTheClockOrTheRecord() throws IOException {
    recordSuccessAt(env.clock().instant().plus(Duration.ofDays(3652)));

    CliRun text = call("--status");
    assertThat(text.code()).as(text.toString()).isEqualTo(9);
    assertThat(text.out())
        .contains(
            "docs: last backup recorded at",
            "in the future",
            "the clock of this host or the record is wrong")
        .doesNotContain(" ago");
    assertThat(text.err()).contains("1 of 1 key has a last backup recorded in the future", "clock");

    CliRun json = call("--status", "--json");
    assertThat(json.code()).isEqualTo(9);
    JsonNode docs = json.json().get("keys").get(0);
    assertThat(docs.get("inFuture").asBoolean()).isTrue();
    assertThat(docs.get("tooOld").asBoolean()).isFalse();
    assertThat(docs.get("ageSeconds").asLong()).isNegative();
    assertThat(json.json().get("fresh").asBoolean()).isFalse();
    assertThat(json.json().get("exitCode").asInt()).isEqualTo(9);
  }

  @Test
  void aSuccessAFewMinutesAheadIsWithinTheClocksTolerance() throws IOException {
    recordSuccessAt(env.clock().instant().plus(Duration.ofMinutes(4)));

    CliRun json = call("--status", "--json");

    assertThat(json.code()).as(json.toString()).isZero();
    assertThat(json.json().get("keys").get(0).get("inFuture").asBoolean()).isFalse();
  }

  private CliRun call(String... args) {
    return CliRun.callWithConfig(new FakeAdapters(env), temp, config, args);
  }
}
