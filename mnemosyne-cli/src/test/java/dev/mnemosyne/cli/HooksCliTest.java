package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.model.Hook;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.testkit.FakeEnvironment;
import dev.mnemosyne.testkit.FakeHookRunner;
import dev.mnemosyne.testkit.Fault;
import dev.mnemosyne.testkit.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hooks through the command, over the testkit's fakes: their exit codes and what the after hook is told. */
class HooksCliTest {
  @TempDir
  Path temp;

  private FakeEnvironment env;
  private Path config;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(temp.resolve("world"));
    Path source = env.sourceDirectory("docs");
    Files.writeString(source.resolve("a.txt"), "alpha");
    Path remote = ((Remote.Local) env.localRemote()).path();
    config = TestConfigs.write(
        temp.resolve("etc").resolve("config.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"fake.btrfs\", \"size\": 1, \"keyfile\": \"" + env.keyFile()
            + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 0},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + source
            + "\"}]},\n"
            + "  \"hooks\": {\"before\": {\"command\": [\"/usr/local/bin/dump-db\", \"--all\"], \"timeout\": 600},\n"
            + "            \"after\": {\"command\": [\"/usr/bin/curl\", \"-fsS\", \"https://hc.example/ping\"]}}\n"
            + "}\n");
    Files.setPosixFilePermissions(config.getParent(), PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    CliRun init = call("--init-store");
    assertThat(init.code()).as(init.toString()).isZero();
  }

  @AfterEach
  void nothingIsLeftBehind() {
    Thread.interrupted();
    assertThat(env.leftovers()).isEmpty();
  }

  private CliRun call(String... args) {
    return CliRun.callWithConfig(new FakeAdapters(env), temp, config, args);
  }

  private Map<String, String> afterHookVariables() {
    return env.hookRunner().calls().stream()
        .filter(c -> c.phase() == Hook.Phase.AFTER)
        .reduce((a, b) -> b)
        .orElseThrow(
            () -> new AssertionError("no after hook ran: " + env.hookRunner().calls()))
        .variables();
  }

  @Test
  void aBackupRunsBothHooksAndTheAfterHookIsToldExitCodeZero() {
    CliRun run = call("--backup");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(env.hookRunner().calls())
        .extracting(FakeHookRunner.Call::phase)
        .containsExactly(Hook.Phase.BEFORE, Hook.Phase.AFTER);
    assertThat(afterHookVariables())
        .containsEntry("MNEMOSYNE_EXIT_CODE", "0")
        .containsEntry("MNEMOSYNE_OUTCOME", "success")
        .containsEntry("MNEMOSYNE_CONFIG", config.toString());
  }

  @Test
  void aFailingBeforeHookExitsTenAndCopiesNothing() {
    env.faults().fail(Operation.HOOK_BEFORE, 1, Fault.error());

    CliRun run = call("--backup", "--json");

    assertThat(run.code()).as(run.toString()).isEqualTo(10);
    assertThat(run.err()).contains("could not run the before hook");
    assertThat(run.json().get("failure").get("step").asText()).isEqualTo("run-before-hook");
    assertThat(env.journal().of(Operation.TRANSFER_MIRROR)).isEmpty();
    assertThat(afterHookVariables())
        .containsEntry("MNEMOSYNE_EXIT_CODE", "10")
        .containsEntry("MNEMOSYNE_OUTCOME", "failed");
  }

  @Test
  void aBeforeHookThatRunsOutOfTimeExitsTen() {
    env.faults().fail(Operation.HOOK_BEFORE, 1, Fault.timeout());

    CliRun run = call("--backup");

    assertThat(run.code()).as(run.toString()).isEqualTo(10);
  }

  @Test
  void aFailingAfterHookMakesASuccessfulBackupExitThree() {
    env.faults().fail(Operation.HOOK_AFTER, 1, Fault.error());

    CliRun run = call("--backup", "--json");

    assertThat(run.code()).as(run.toString()).isEqualTo(3);
    assertThat(run.json().get("warnings").toString()).contains("could not run the after hook");
    assertThat(run.json().get("directories").get(0).get("status").asText()).isEqualTo("synced");
  }

  @Test
  void theAfterHookOfAFailedRunIsToldTheRunsExitCode() {
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.noSpace());

    CliRun run = call("--backup");

    assertThat(run.code()).as(run.toString()).isEqualTo(8);
    assertThat(afterHookVariables()).containsEntry("MNEMOSYNE_EXIT_CODE", "8");
  }

  @Test
  void aConfigurationWithHooksThatOthersCanWriteExitsFiveNamingTheFixAndTouchesNothing()
      throws IOException {
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-rw-rw-"));
    int start = env.journal().size();

    CliRun run = call("--backup");

    assertThat(run.code()).as(run.toString()).isEqualTo(5);
    assertThat(run.err())
        .contains(config.toString(), "writable by everyone", "chmod go-w " + config);
    assertThat(env.journal().since(start)).isEmpty();
  }

  @Test
  void otherCommandsRunNoHooks() {
    CliRun list = call("--list");

    assertThat(list.code()).as(list.toString()).isZero();
    assertThat(env.hookRunner().calls()).isEmpty();
  }

  @Test
  void aDryRunShowsTheHooksInItsPlanAndRunsNone() {
    CliRun run = call("--backup", "--dry-run");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("run the before hook: /usr/local/bin/dump-db --all")
        .contains("run the after hook: /usr/bin/curl -fsS https://hc.example/ping");
    assertThat(env.hookRunner().calls()).isEmpty();
  }

  @Test
  void checkConfigShowsTheHooks() {
    CliRun run = call("--check-config");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("\"hooks\"", "/usr/local/bin/dump-db", "\"timeout\": 600", "\"timeout\": 3600");
  }
}
