package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.core.config.ConfigLoader;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.testkit.FakeEnvironment;
import dev.mnemosyne.testkit.Fault;
import dev.mnemosyne.testkit.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command in-process over the testkit's fakes: every outcome of a run and its exit code. */
class FakeEnvironmentCliTest {
  @TempDir
  Path temp;

  private FakeEnvironment env;
  private Path source;
  private Path config;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(temp.resolve("world"));
    source = env.sourceDirectory("docs");
    Files.writeString(source.resolve("a.txt"), "alpha");
    Files.writeString(source.resolve("b.txt"), "beta");
    config = writeConfig(env.keyFile());
  }

  @AfterEach
  void nothingIsLeftBehind() {
    Thread.interrupted();
    assertThat(env.leftovers()).isEmpty();
  }

  private Path writeConfig(Path keyFile) {
    Path remote = ((Remote.Local) env.localRemote()).path();
    return TestConfigs.write(
        temp.resolve("config-" + keyFile.getFileName() + ".json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"fake.btrfs\", \"size\": 1, \"keyfile\": \"" + keyFile
            + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 0},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + source
            + "\"}]}\n"
            + "}\n");
  }

  private Adapters fakes() {
    return new FakeAdapters(env);
  }

  private Cli cli(Cli.Terminal terminal, StopRequest stop) {
    return new Cli(
        fakes(),
        Map.of(
            "RUNTIME_DIRECTORY",
            temp.resolve("run").toString(),
            "STATE_DIRECTORY",
            temp.resolve("state").toString()),
        terminal,
        stop,
        Clock.systemUTC());
  }

  private CliRun call(String... args) {
    return call(new Cli.Terminal(false, true), args);
  }

  private CliRun call(Cli.Terminal terminal, String... args) {
    return CliRun.call(cli(terminal, new StopRequest()), withConfig(args));
  }

  private String[] withConfig(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return all;
  }

  private void initStore() {
    CliRun init = call("--init-store");
    assertThat(init.code()).as(init.toString()).isZero();
  }

  @Test
  void aSuccessfulBackupExitsZeroAndReportsItsStatistics() {
    initStore();

    CliRun run = call("--backup", "--json");

    assertThat(run.code()).as(run.toString()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("command").asText()).isEqualTo("backup");
    assertThat(json.get("outcome").asText()).isEqualTo("success");
    assertThat(json.get("durationSeconds").isNumber()).isTrue();
    JsonNode docs = json.get("directories").get(0);
    assertThat(docs.get("key").asText()).isEqualTo("docs");
    assertThat(docs.get("source").asText()).isEqualTo(source.toString());
    assertThat(docs.get("status").asText()).isEqualTo("synced");
    assertThat(docs.get("stats").get("filesTransferred").asLong()).isEqualTo(2);
    assertThat(docs.get("stats").get("bytesTransferred").asLong()).isEqualTo(9);
    assertThat(json.get("failure").isNull()).isTrue();
    assertThat(env.store(ConfigLoader.load(config)).stages("docs")).containsExactly(0);
  }

  @Test
  void withoutATerminalEachDirectoryGetsAStartAndAnEndLine() {
    initStore();

    CliRun run = call("--backup");

    assertThat(run.err())
        .doesNotContain("\r")
        .contains("copying " + source + " -> docs.0\n")
        .containsPattern("docs \\(" + java.util.regex.Pattern.quote(source.toString())
            + "\\): synced; 2 files, 2 copied, 0 deleted; 9 B copied of 9 B; 0:00\n")
        .contains("backup finished: 1 directory copied in ");
  }

  @Test
  void onATerminalProgressIsOneLineUpdatedInPlace() {
    initStore();

    CliRun run = call(new Cli.Terminal(true, true), "--backup");

    assertThat(run.code()).isZero();
    assertThat(run.err()).contains("\r\033[Kdocs: 100%  2 files  9 B  0 B/s");
  }

  @Test
  void aFullStoreExitsEight() {
    initStore();
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.noSpace());

    CliRun run = call("--backup", "--json");

    assertThat(run.code()).as(run.toString()).isEqualTo(8);
    JsonNode failure = run.json().get("failure");
    assertThat(failure.get("step").asText()).isEqualTo("transfer");
    assertThat(failure.get("reason").asText()).isEqualTo("no-space");
    assertThat(run.json().get("directories").get(0).get("status").asText()).isEqualTo("failed");
    assertThat(run.err()).contains("raise store.size and run --grow-store");
  }

  @Test
  void aFailedCopyExitsOneWithAHint() {
    initStore();
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.error());

    CliRun run = call("--backup");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("mnemosyne: could not copy files", "run again with --verbose")
        .doesNotContain("\tat ");
  }

  @Test
  void aPartialCopyFinishesWithWarnings() {
    initStore();
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.incompleteTransfer(0.5));

    CliRun run = call("--backup", "--json");

    assertThat(run.code()).as(run.toString()).isEqualTo(3);
    assertThat(run.json().get("outcome").asText()).isEqualTo("warnings");
    assertThat(run.json().get("directories").get(0).get("status").asText()).isEqualTo("partial");
    assertThat(run.json().get("warnings").toString()).contains("partial");
    assertThat(run.err())
        .contains(
            "warning: docs: the copy of " + source + " is partial",
            "backup finished with warnings");
  }

  @Test
  void aFailingTeardownIsReportedAndFailsTheRun() {
    initStore();
    env.faults().fail(Operation.FILESYSTEM_UNMOUNT, 1, Fault.error());

    CliRun run = call("--backup", "--json");

    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    assertThat(run.json().get("failure").get("step").asText()).isEqualTo("unmount-filesystem");
    var store = ConfigLoader.load(config).storeId();
    env.snapshotFilesystem().cleanUp(store);
    env.encryptedVolume().cleanUp(store);
    env.remoteMount().cleanUp(store);
  }

  @Test
  void theWrongKeyIsAnEnvironmentError() throws IOException {
    initStore();
    Path otherKey = Files.writeString(temp.resolve("other.key"), "0".repeat(64));
    Files.setPosixFilePermissions(otherKey, PosixFilePermissions.fromString("rw-------"));
    config = writeConfig(otherKey);

    CliRun run = call("--backup");

    assertThat(run.code()).as(run.toString()).isEqualTo(5);
    assertThat(run.err()).contains("the key does not open", "store.keyfile must be the key");
  }

  @Test
  void aKeyReadableByOthersIsAnEnvironmentError() throws IOException {
    initStore();
    Files.setPosixFilePermissions(env.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));

    CliRun run = call("--backup");

    assertThat(run.code()).isEqualTo(5);
    assertThat(run.err()).contains("chmod 600");
  }

  @Test
  void aStoreLockedByAnotherRunExitsSix() {
    initStore();
    try (var held = env.runLock().acquire(ConfigLoader.load(config).storeId())) {
      CliRun run = call("--backup");

      assertThat(run.code()).isEqualTo(6);
      assertThat(run.err()).contains("in use by another mnemosyne run");
    }
  }

  @Test
  void initialisingAnExistingStoreOrMountingAMissingOneIsRefused() {
    CliRun mount = call("--mount");
    initStore();
    CliRun again = call("--init-store", "--json");

    assertThat(mount.code()).isEqualTo(7);
    assertThat(mount.err()).contains("run --init-store first");
    assertThat(again.code()).isEqualTo(7);
    assertThat(again.json().get("outcome").asText()).isEqualTo("refused");
  }

  @Test
  void anInterruptedBackupTearsDownAndExitsWithTheSignalsCode() {
    initStore();
    StopRequest stop = new StopRequest();
    stop.request(ExitCode.TERMINATED);
    Thread.currentThread().interrupt();

    CliRun run =
        CliRun.call(cli(new Cli.Terminal(false, true), stop), withConfig("--backup", "--json"));

    assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    assertThat(run.code()).as(run.toString()).isEqualTo(143);
    assertThat(run.json().get("outcome").asText()).isEqualTo("terminated");
    assertThat(run.json().get("failure").get("reason").asText()).isEqualTo("cancelled");
    assertThat(run.json().get("directories").get(0).get("status").asText()).isEqualTo("skipped");
    assertThat(run.json().get("failure").get("kind").asText()).isEqualTo("cancelled");
    assertThat(run.json().get("directories").get(0).get("failure").get("kind").asText())
        .isEqualTo("cancelled");
    assertThat(run.err())
        .contains(
            "mnemosyne: could not copy files: the run was interrupted before backing up docs");
  }

  @Test
  void aCancelledCopyWithoutASignalExits130() {
    initStore();
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.cancelled());

    CliRun run = call("--backup");

    assertThat(run.code()).isEqualTo(130);
    assertThat(run.err()).contains("interrupted; everything was torn down");
  }

  @Test
  void verifyEnvironmentShowsFailedChecksWithTheirFix() {
    env.hostChecks().failing("cryptsetup", "apt-get install cryptsetup-bin");

    CliRun run = call(new Cli.Terminal(false, false), "--verify-environment");

    assertThat(run.code()).isEqualTo(5);
    assertThat(run.out())
        .contains(
            "[FAILED] cryptsetup: ", "    fix: apt-get install cryptsetup-bin", "[ok] key file: ");
  }

  @Test
  void verboseShowsEveryStepQuietOnlyProblems() {
    initStore();

    CliRun verbose = call("--backup", "-v");
    CliRun quiet = call("--backup", "-q");

    assertThat(verbose.code()).isZero();
    assertThat(verbose.err())
        .contains("- lock the store: ", "- mount the remote: ", "- open the encrypted volume: ");
    assertThat(quiet.code()).isZero();
    assertThat(quiet.err()).isEmpty();
    assertThat(quiet.out()).isEmpty();
  }

  @Test
  void mountPrintsWhereAndTearsDownWhenInterrupted() throws Exception {
    initStore();
    assertThat(call("--backup").code()).isZero();

    EndToEndTest.MountRun mount = EndToEndTest.MountRun.start(
        () -> cli(new Cli.Terminal(false, true), new StopRequest()), config);
    Path root = mount.root();
    assertThat(root.resolve("docs.0/a.txt")).hasContent("alpha");
    int code = mount.interrupt();

    assertThat(code).isEqualTo(130);
    assertThat(env.leftovers()).isEmpty();
  }
}
