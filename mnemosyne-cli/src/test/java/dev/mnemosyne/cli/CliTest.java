package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command in-process, wired to the Linux adapters, for everything that changes nothing on the host. */
class CliTest {
  @TempDir
  Path temp;

  private Path runtime;
  private Path remote;
  private Path source;

  @BeforeEach
  void layOut() throws IOException {
    runtime = temp.resolve("run");
    remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("data"));
    Files.writeString(source.resolve("file.txt"), "content");
  }

  private CliRun call(String... args) {
    return CliRun.call(new LinuxWiring(), runtime, args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-h", "--help"})
  void helpListsEveryActionOptionAndExitCode(String flag) {
    CliRun run = call(flag);

    assertThat(run.code()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("usage: mnemosyne ACTION");
    for (Action action : Action.values()) {
      assertThat(run.out()).contains(action.flag());
    }
    assertThat(run.out())
        .contains(
            "-c, --config CONFIG",
            "--dry-run",
            "--json",
            "-v, --verbose",
            "-q, --quiet",
            "/usr/local/etc/mnemosyne/config.json");
    for (ExitCode code : ExitCode.values()) {
      assertThat(run.out())
          .containsPattern(
              "(?m)^  " + code.code() + " +" + java.util.regex.Pattern.quote(code.meaning()));
    }
  }

  @Test
  void versionPrintsTheBuildVersion() {
    CliRun run = call("--version");

    assertThat(run.code()).isZero();
    assertThat(run.out()).matches("mnemosyne \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
  }

  @Test
  void versionReportsAsJson() {
    JsonNode json = call("--version", "--json").json();

    assertThat(json.get("command").asText()).isEqualTo("version");
    assertThat(json.get("exitCode").asInt()).isZero();
    assertThat(json.get("version").asText()).isEqualTo(Version.current()).isNotEqualTo("unknown");
    assertThat(json.get("config").isNull())
        .as("--version reads no configuration")
        .isTrue();
  }

  @Test
  void aUsageErrorIsOneLineAndAHintOnStderrAndExitTwo() {
    CliRun run = call("--backup", "--mount");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("mnemosyne: one action per call, not --backup and --mount\n" + Help.HINT + "\n");
  }

  @Test
  void noActionIsAUsageError() {
    CliRun run = call();

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no action given", Help.HINT);
  }

  @Test
  void aUsageErrorWithJsonStillReportsJson() {
    CliRun run = call("--json", "--frobnicate");

    assertThat(run.code()).isEqualTo(2);
    JsonNode json = run.json();
    assertThat(json.get("outcome").asText()).isEqualTo("usage-error");
    assertThat(json.get("exitCode").asInt()).isEqualTo(2);
    assertThat(json.get("failure").get("message").asText())
        .isEqualTo("unknown option --frobnicate");
  }

  static Stream<Path> shippedConfigurations() throws IOException {
    Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
    try (Stream<Path> files = Files.list(examples)) {
      List<Path> all =
          files.filter(f -> f.toString().endsWith(".json")).sorted().collect(Collectors.toList());
      all.add(Path.of("src/test/resources/seed/original-config-template.json").toAbsolutePath());
      all.add(Path.of("..", "packaging", "config.json.example").toAbsolutePath().normalize());
      return all.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("shippedConfigurations")
  void everyShippedConfigurationChecksOutWithItsPasswordRedacted(Path config) throws IOException {
    CliRun run = call("--check-config", "--config", config.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    JsonNode effective = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    JsonNode original = new com.fasterxml.jackson.databind.ObjectMapper().readTree(config.toFile());
    assertThat(effective.get("store").get("name"))
        .isEqualTo(original.get("store").get("name"));
    if (original.get("remote").has("password")) {
      String password = original.get("remote").get("password").asText();
      assertThat(effective.get("remote").get("password").asText()).isEqualTo("******");
      assertThat(run.out() + run.err()).doesNotContain(password);
    }
  }

  @ParameterizedTest
  @MethodSource("shippedConfigurations")
  void checkConfigWithJsonEmbedsTheEffectiveConfiguration(Path config) {
    CliRun run = call("--check-config", "--json", "-c", config.toString());

    JsonNode json = run.json();
    assertThat(json.get("command").asText()).isEqualTo("check-config");
    assertThat(json.get("outcome").asText()).isEqualTo("success");
    assertThat(json.get("config").asText()).isEqualTo(config.toString());
    assertThat(json.get("effectiveConfig").get("local").get("directories").isArray())
        .isTrue();
    assertThat(json.get("failure").isNull()).isTrue();
    assertThat(run.out()).doesNotContain("alskdjaslkdjasld", "CHANGE-ME");
  }

  @Test
  void anInvalidConfigurationListsEveryProblemAndExitsFour() {
    Path config = TestConfigs.write(
        temp.resolve("bad.json"),
        "{\"remote\": {\"type\": \"nfs\"}, \"store\": {\"name\": \"s\", \"size\": \"10\", \"keyfile\": \"/k\"},"
            + " \"strategy\": {\"stages\": 3, \"rotate\": 1}, \"local\": {\"directories\": []}}");

    CliRun run = call("--backup", "-c", config.toString());

    assertThat(run.code()).isEqualTo(4);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains(
            "mnemosyne: the configuration is not valid:", "  remote.type: ", "  store.size: ");
  }

  @Test
  void anInvalidConfigurationReportsItsProblemsAsJson() {
    Path config = TestConfigs.write(temp.resolve("bad.json"), "{\"remote\": {\"type\": \"nfs\"}}");

    JsonNode json = call("--backup", "--json", "-c", config.toString()).json();

    assertThat(json.get("outcome").asText()).isEqualTo("config-error");
    assertThat(json.get("exitCode").asInt()).isEqualTo(4);
    assertThat(json.get("failure").get("problems").findValuesAsText("path"))
        .contains("remote.type", "store");
  }

  @Test
  void aMissingConfigurationFileIsAConfigurationError() {
    CliRun run = call("--backup", "-c", temp.resolve("absent.json").toString());

    assertThat(run.code()).isEqualTo(4);
    assertThat(run.err()).contains("does not exist");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--init-store", "--backup", "--mount"})
  void aDryRunPrintsEveryStepAndCommandAndTouchesNothing(String action) {
    Path config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);
    if (!action.equals("--init-store")) {
      TestConfigs.dryRunStoreImage(remote.resolve("test.btrfs"));
    }
    List<String> before = TestConfigs.listing(temp);
    List<String> mountsBefore = TestConfigs.mountsUnder(temp);

    CliRun run = call(action, "--dry-run", "-c", config.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("- lock the store: ", "- mount the remote: local:" + remote, "    $ ");
    assertThat(run.err()).contains("dry run");
    assertThat(TestConfigs.listing(temp)).isEqualTo(before);
    assertThat(TestConfigs.mountsUnder(temp)).isEqualTo(mountsBefore).isEmpty();
  }

  @Test
  void aDryRunOfACifsStoreShowsTheMountButNeverThePassword() throws IOException {
    Path key = Files.writeString(temp.resolve("store.key"), "a".repeat(64));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path config = TestConfigs.write(
        temp.resolve("cifs.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"cifs\", \"volume\": \"\\\\\\\\nas\\\\backup\", \"username\": \"backup\","
            + " \"password\": \"s3cret-Pa55\"},\n"
            + "  \"store\": {\"name\": \"test.btrfs\", \"size\": 1, \"keyfile\": \"" + key
            + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 24},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"data\", \"directory\": \"" + source
            + "\"}]}\n"
            + "}\n");
    List<String> before = TestConfigs.listing(temp);

    CliRun run = call("--backup", "--dry-run", "-v", "-c", config.toString());
    CliRun json = call("--init-store", "--dry-run", "--json", "-c", config.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("mount the remote: cifs://nas/backup", "mount -t cifs //nas/backup");
    assertThat(run.out() + run.err() + json.out() + json.err()).doesNotContain("s3cret-Pa55");
    assertThat(json.json().get("plan").toString()).contains("cryptsetup");
    assertThat(TestConfigs.listing(temp)).isEqualTo(before);
  }

  @Test
  void aDryRunWithJsonReportsThePlan() {
    Path config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);
    TestConfigs.dryRunStoreImage(remote.resolve("test.btrfs"));
    List<String> before = TestConfigs.listing(temp);

    CliRun run = call("--backup", "--dry-run", "--json", "-c", config.toString());

    JsonNode json = run.json();
    assertThat(json.get("dryRun").asBoolean()).isTrue();
    assertThat(json.get("exitCode").asInt()).isZero();
    assertThat(json.get("plan").findValuesAsText("plan")).isEmpty();
    assertThat(json.get("plan").toString()).contains("lock the store", "rsync");
    assertThat(TestConfigs.listing(temp)).isEqualTo(before);
  }

  @Test
  void aDryRunOfInitKeyCreatesNoKey() {
    Path key = temp.resolve("keys").resolve("store.key");
    Path config = TestConfigs.encryptedLocal(temp, remote, key, source);

    CliRun run = call("--init-key", "--dry-run", "-c", config.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("create the key file: " + key);
    assertThat(key.getParent()).doesNotExist();
  }

  @Test
  void initKeyCreatesAPrivateKeyAndRefusesToOverwriteIt() throws IOException {
    Path key = temp.resolve("keys").resolve("store.key");
    Path config = TestConfigs.encryptedLocal(temp, remote, key, source);

    CliRun first = call("--init-key", "--json", "-c", config.toString());
    String content = Files.readString(key);
    CliRun second = call("--init-key", "-c", config.toString());

    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.json().get("keyFile").asText()).isEqualTo(key.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(content).matches("[0-9a-f]{64}");
    assertThat(first.out() + first.err()).doesNotContain(content);
    assertThat(second.code()).isEqualTo(7);
    assertThat(second.err()).contains("exists already");
    assertThat(Files.readString(key)).isEqualTo(content);
  }

  @Test
  void initKeyForAnUnencryptedStoreIsRefused() {
    Path config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);

    assertThat(call("--init-key", "-c", config.toString()).code()).isEqualTo(7);
  }

  @Test
  void aBackupWithoutItsKeyFileIsNotReadyAndTouchesNothing() {
    Path config = TestConfigs.encryptedLocal(temp, remote, temp.resolve("missing.key"), source);
    List<String> before = TestConfigs.listing(temp);

    CliRun run = call("--backup", "-c", config.toString());

    assertThat(run.code()).as(run.toString()).isEqualTo(5);
    assertThat(run.err()).contains("missing.key").doesNotContain("Exception", "\tat ");
    assertThat(TestConfigs.listing(temp)).isEqualTo(before);
  }

  @Test
  void aBackupOfAMissingDirectoryIsNotReady() {
    Path config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, temp.resolve("gone"));

    CliRun run = call("--backup", "--json", "-c", config.toString());

    assertThat(run.code()).isEqualTo(5);
    assertThat(run.json().get("outcome").asText()).isEqualTo("environment-not-ready");
    assertThat(run.err()).contains("gone", "--verify-environment");
  }

  @Test
  void aBackupWithoutAStoreIsRefused() {
    Path config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);

    CliRun run = call("--backup", "-c", config.toString());

    assertThat(run.code()).as(run.toString()).isEqualTo(7);
    assertThat(run.err()).contains("--init-store");
  }

  @Test
  void verifyEnvironmentPrintsOneMarkedLinePerCheck() {
    Path config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source, temp.resolve("gone"));

    CliRun run = call("--verify-environment", "-c", config.toString());

    assertThat(run.code()).isEqualTo(5);
    List<String> checks =
        run.out().lines().filter(l -> !l.startsWith("    fix: ")).collect(Collectors.toList());
    assertThat(checks).allMatch(l -> l.startsWith("✓ ") || l.startsWith("✗ "));
    assertThat(checks).contains("✓ directory data: " + source + " is readable");
    assertThat(checks).anyMatch(l -> l.startsWith("✗ directory gone: "));
    assertThat(run.out()).contains("    fix: fix local.directories in the configuration");
    assertThat(run.err()).contains("checks failed");
  }

  @Test
  void verifyEnvironmentReportsEveryCheckAsJson() {
    Path config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);

    CliRun run = call("--verify-environment", "--json", "-c", config.toString());

    JsonNode json = run.json();
    boolean ready = json.get("ready").asBoolean();
    assertThat(run.code()).isEqualTo(ready ? 0 : 5);
    assertThat(json.get("checks").findValuesAsText("name")).contains("directory data");
  }

  @Test
  void quietSaysNothingOnSuccess() {
    Path config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);
    TestConfigs.dryRunStoreImage(remote.resolve("test.btrfs"));

    CliRun run = call("--backup", "--dry-run", "-q", "-c", config.toString());

    assertThat(run.code()).isZero();
    assertThat(run.err()).doesNotContain("dry run:").contains("warning: ");
  }
}
