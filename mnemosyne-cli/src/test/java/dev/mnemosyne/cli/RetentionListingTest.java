package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.testkit.FakeEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command over the testkit's fakes: {@code --list} of a store whose policy has just become
 * stricter shows, before any rotation, which stages it keeps and by which rule, which the next
 * rotation drops, and that rotation's steps; {@code --check-config} says when stages cap it.
 */
class RetentionListingTest {
  @TempDir
  Path temp;

  private FakeEnvironment env;
  private Path source;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(temp.resolve("world"));
    source = env.sourceDirectory("docs");
    Files.writeString(source.resolve("a.txt"), "alpha");
  }

  private Path config(String strategy) {
    Path remote = env.localRemote().path();
    return TestConfigs.write(
        temp.resolve("config-" + strategy.hashCode() + ".json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"fake.btrfs\", \"size\": 1, \"keyfile\": \"" + env.keyFile()
            + "\"},\n"
            + "  \"strategy\": " + strategy + ",\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + source
            + "\"}]}\n"
            + "}\n");
  }

  private CliRun call(Path config, String... args) {
    return CliRun.callWithConfig(new FakeAdapters(env), temp, config, args);
  }

  @Test
  void listMarksTheStagesAPolicyKeepsAndDrops() throws IOException {
    // four backups an hour apart under "last 5": docs.1 to docs.3
    Path lenient = config("{\"rotate\": 0, \"keep\": {\"last\": 5}}");
    assertThat(call(lenient, "--init-store").code()).isZero();
    for (int run = 0; run < 4; run++) {
      env.clock().advance(Duration.ofHours(1));
      Files.writeString(source.resolve("a.txt"), "run " + run);
      CliRun backup = call(lenient, "--backup");
      assertThat(backup.code()).as(backup.toString()).isZero();
    }
    // the stricter policy keeps two: the next rotation's new point and today's docs.1
    Path strict = config("{\"rotate\": 0, \"keep\": {\"last\": 2}}");
    CliRun list = call(strict, "--list");

    assertThat(list.code()).as(list.toString()).isZero();
    assertThat(list.out())
        .containsPattern("docs\\.1 .*; kept: last 2")
        .containsPattern("docs\\.2 .*; DROPPED at the next rotation")
        .containsPattern("docs\\.3 .*; DROPPED at the next rotation")
        .contains(
            "next rotation: rename docs.3 to docs.4, rename docs.2 to docs.3, rename docs.1 to docs.2,"
                + " snapshot docs.0 to docs.1, delete docs.4, delete docs.3");
    JsonNode json = call(strict, "--list", "--json").json();
    JsonNode stages = json.get("keys").get(0).get("stages");
    assertThat(stages.get(1).get("keptBy").get(0).asText()).isEqualTo("last 2");
    assertThat(stages.get(1).get("droppedAtNextRotation").asBoolean()).isFalse();
    assertThat(stages.get(2).get("droppedAtNextRotation").asBoolean()).isTrue();
    assertThat(json.get("keys").get(0).get("nextRotation").get(4).asText())
        .isEqualTo("delete docs.4");
    // listing changed nothing; the next backup does what was shown
    assertThat(env.store(TestConfigsFake.load(strict)).stages("docs")).containsExactly(0, 1, 2, 3);
    CliRun backup = call(strict, "--backup");
    assertThat(backup.code()).as(backup.toString()).isZero();
    assertThat(env.store(TestConfigsFake.load(strict)).stages("docs")).containsExactly(0, 1, 2);
  }

  @Test
  void checkConfigSaysWhenStagesCapThePolicy() {
    CliRun check = call(
        config("{\"rotate\": 24, \"stages\": 10, \"keep\": {\"daily\": 7, \"weekly\": 4}}"),
        "--check-config");
    assertThat(check.code()).as(check.toString()).isZero();
    assertThat(check.out()).contains("\"keep\"").contains("\"daily\": 7");
    assertThat(check.err())
        .contains("strategy.stages (10) caps what strategy.keep keeps: at most 9 history stages");
  }

  /** Reads a written configuration back, to find its store among the fakes. */
  private static final class TestConfigsFake {
    static dev.mnemosyne.core.model.BackupConfig load(Path config) {
      return dev.mnemosyne.core.config.ConfigLoader.load(config);
    }
  }
}
