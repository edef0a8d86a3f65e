package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnemosyne.core.BackupEvent;
import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Hook;
import dev.mnemosyne.core.model.Hooks;
import dev.mnemosyne.core.model.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup's hooks over the fakes: when each runs, what it is told, and what its failure does to the run. */
class HooksTest {
  private static final Hook BEFORE =
      new Hook(List.of("/usr/local/bin/dump-db", "--all"), Duration.ofMinutes(10));
  private static final Hook AFTER =
      new Hook(List.of("/usr/bin/curl", "-fsS", "https://hc.example/ping"), Duration.ofSeconds(30));

  @TempDir
  Path root;

  private FakeEnvironment env;
  private BackupConfig config;
  private Path configFile;
  private final List<BackupEvent> events = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(root.resolve("world"));
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "alpha");
    config = env.config()
        .rotation(3, 0)
        .directory("docs", docs)
        .hooks(new Hooks(Optional.of(BEFORE), Optional.of(AFTER)))
        .build();
    Path dir = Files.createDirectories(root.resolve("etc"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    configFile = Files.writeString(dir.resolve("config.json"), "{}");
    Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-------"));
    env.mnemosyne().initStore(config);
  }

  @AfterEach
  void nothingIsLeftBehind() {
    Thread.interrupted();
    assertThat(env.leftovers()).isEmpty();
  }

  private Mnemosyne mnemosyne() {
    return env.mnemosyneBuilder().listener(events::add).configFile(configFile).build();
  }

  @Test
  void theBeforeHookRunsUnderTheLockBeforeAnythingIsMountedAndTheAfterHookOnceAllIsTornDown() {
    int start = env.journal().size();

    BackupReport report = mnemosyne().backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    List<Operation> run =
        env.journal().since(start).stream().map(Interaction::operation).toList();
    assertThat(run.get(0)).isEqualTo(Operation.LOCK_ACQUIRE);
    int before = run.indexOf(Operation.HOOK_BEFORE);
    int after = run.indexOf(Operation.HOOK_AFTER);
    assertThat(before)
        .isGreaterThan(run.lastIndexOf(Operation.REMOTE_CLEAN_UP))
        .isLessThan(run.indexOf(Operation.REMOTE_MOUNT));
    assertThat(after)
        .isGreaterThan(run.indexOf(Operation.REMOTE_UNMOUNT))
        .isGreaterThan(run.indexOf(Operation.FILESYSTEM_UNMOUNT))
        .isGreaterThan(run.indexOf(Operation.VOLUME_CLOSE))
        .isEqualTo(run.indexOf(Operation.LOCK_RELEASE) - 1);
    assertThat(run.get(run.size() - 1)).isEqualTo(Operation.LOCK_RELEASE);
  }

  @Test
  void eachHookIsToldTheStoreAndTheAfterHookTheOutcomeAndAReportOfEveryDirectory()
      throws IOException {
    mnemosyne().backup(config);

    List<FakeHookRunner.Call> calls = env.hookRunner().calls();
    assertThat(calls)
        .extracting(FakeHookRunner.Call::phase)
        .containsExactly(Hook.Phase.BEFORE, Hook.Phase.AFTER);
    FakeHookRunner.Call before = calls.get(0);
    assertThat(before.hook()).isEqualTo(BEFORE);
    assertThat(before.variables())
        .containsEntry("MNEMOSYNE_HOOK", "before")
        .containsEntry("MNEMOSYNE_COMMAND", "backup")
        .containsEntry("MNEMOSYNE_STORE", "backup.img")
        .containsEntry("MNEMOSYNE_KEYS", "docs")
        .containsEntry("MNEMOSYNE_CONFIG", configFile.toString())
        .doesNotContainKeys("MNEMOSYNE_OUTCOME", "MNEMOSYNE_EXIT_CODE", "MNEMOSYNE_REPORT");
    FakeHookRunner.Call after = calls.get(1);
    assertThat(after.variables())
        .containsEntry("MNEMOSYNE_HOOK", "after")
        .containsEntry("MNEMOSYNE_OUTCOME", "success")
        .containsEntry("MNEMOSYNE_EXIT_CODE", "0")
        .containsKey("MNEMOSYNE_REPORT");
    JsonNode report = new ObjectMapper().readTree(after.report().orElseThrow());
    assertThat(report.get("outcome").asText()).isEqualTo("success");
    assertThat(report.get("exitCode").asInt()).isZero();
    assertThat(report.get("directories").get(0).get("key").asText()).isEqualTo("docs");
    assertThat(report.get("directories").get(0).get("status").asText()).isEqualTo("synced");
    assertThat(report.get("directories").get(0).get("files").asLong()).isEqualTo(1);
    assertThat(Path.of(after.variables().get("MNEMOSYNE_REPORT")))
        .as("removed once the hook ended")
        .doesNotExist();
    for (FakeHookRunner.Call call : calls) {
      assertThat(call.variables().values())
          .noneMatch(v -> v.contains(env.keyFile().toString()));
    }
  }

  @Test
  void aFailingBeforeHookStopsTheRunBeforeAnythingIsMountedAndTheAfterHookStillRuns() {
    env.faults().fail(Operation.HOOK_BEFORE, 1, Fault.error());
    int start = env.journal().size();

    BackupReport report = mnemosyne().backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(report.failure()).containsInstanceOf(StepFailedException.class);
    StepFailedException failure = (StepFailedException) report.failure().orElseThrow();
    assertThat(failure.step()).isEqualTo(Step.RUN_BEFORE_HOOK);
    assertThat(failure.reason()).isEqualTo(Reason.ERROR);
    assertThat(report.directories())
        .extracting(DirectoryReport::status)
        .containsOnly(DirectoryReport.Status.SKIPPED);
    List<Operation> run =
        env.journal().since(start).stream().map(Interaction::operation).toList();
    assertThat(run)
        .doesNotContain(Operation.REMOTE_MOUNT, Operation.VOLUME_OPEN, Operation.TRANSFER_MIRROR);
    assertThat(run).endsWith(Operation.HOOK_AFTER, Operation.LOCK_RELEASE);
    assertThat(env.hookRunner().calls())
        .singleElement()
        .satisfies(after -> assertThat(after.variables())
            .containsEntry("MNEMOSYNE_OUTCOME", "failed")
            .containsEntry("MNEMOSYNE_EXIT_CODE", "1"));
  }

  @Test
  void aBeforeHookThatRunsOutOfTimeStopsTheRunAsATimeout() {
    env.faults().fail(Operation.HOOK_BEFORE, 1, Fault.timeout());

    BackupReport report = mnemosyne().backup(config);

    assertThat(report.failure()).hasValueSatisfying(f -> {
      assertThat(((StepFailedException) f).step()).isEqualTo(Step.RUN_BEFORE_HOOK);
      assertThat(((StepFailedException) f).reason()).isEqualTo(Reason.TIMEOUT);
    });
    assertThat(env.journal().of(Operation.TRANSFER_MIRROR)).isEmpty();
  }

  @Test
  void aBeforeHookStoppedByASignalLeavesTheRunCancelledAndTheAfterHookIsStillTold() {
    env.faults().fail(Operation.HOOK_BEFORE, 1, Fault.cancelled());

    BackupReport report = mnemosyne().backup(config);

    assertThat(report.failure())
        .hasValueSatisfying(
            f -> assertThat(((StepFailedException) f).reason()).isEqualTo(Reason.CANCELLED));
    assertThat(env.hookRunner().calls())
        .extracting(FakeHookRunner.Call::phase)
        .containsExactly(Hook.Phase.AFTER);
  }

  @Test
  void anAfterHookThatRunsEvenWhenTheThreadWasInterruptedAndLeavesTheInterruptForTheCaller() {
    Mnemosyne mnemosyne = env.mnemosyneBuilder()
        .configFile(configFile)
        .listener(event -> {
          if (event instanceof BackupEvent.StepStarted step && step.step() == Step.TRANSFER) {
            Thread.currentThread().interrupt();
          }
        })
        .build();

    BackupReport report = mnemosyne.backup(config);

    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(env.hookRunner().calls())
        .extracting(FakeHookRunner.Call::phase)
        .containsExactly(Hook.Phase.BEFORE, Hook.Phase.AFTER);
  }

  @Test
  void aFailingAfterHookIsAWarningAndTheBackupStands() {
    env.faults().fail(Operation.HOOK_AFTER, 1, Fault.error());

    BackupReport report = mnemosyne().backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.WARNINGS);
    assertThat(report.failure()).isEmpty();
    assertThat(report.warnings())
        .anySatisfy(w -> assertThat(w).contains("could not run the after hook"));
    assertThat(report.directories())
        .extracting(DirectoryReport::status)
        .containsOnly(DirectoryReport.Status.SYNCED);
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(BackupEvent.Warning.class));
  }

  @Test
  void theAfterHookIsToldTheExitStatusTheCallerWillReturn() {
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.noSpace());
    Mnemosyne mnemosyne = env.mnemosyneBuilder()
        .configFile(configFile)
        .exitStatus(r -> r.failure().map(f -> 8).orElse(0))
        .build();

    mnemosyne.backup(config);

    assertThat(env.hookRunner().calls().get(1).variables())
        .containsEntry("MNEMOSYNE_OUTCOME", "failed")
        .containsEntry("MNEMOSYNE_EXIT_CODE", "8");
  }

  @Test
  void aRunLockedOutByAnotherRunsNoHook() {
    try (var held = env.runLock().acquire(config.storeId())) {
      assertThatThrownBy(() -> mnemosyne().backup(config)).isInstanceOf(StoreLockedException.class);
    }
    assertThat(env.hookRunner().calls()).isEmpty();
  }

  @Test
  void aDryRunAnnouncesTheHooksAndRunsNone() {
    Mnemosyne dry = Mnemosyne.builder(env.dryRunBackend())
        .clock(env.clock())
        .listener(events::add)
        .configFile(configFile)
        .build();

    dry.backup(config);

    assertThat(env.hookRunner().calls()).isEmpty();
    assertThat(events)
        .filteredOn(e -> e instanceof BackupEvent.StepStarted s
            && (s.step() == Step.RUN_BEFORE_HOOK || s.step() == Step.RUN_AFTER_HOOK))
        .hasSize(2);
  }

  @Test
  void theHooksOutputGoesToTheRunsLog() {
    env.hookRunner().output(List.of("dumped 3 databases"));

    mnemosyne().backup(config);

    assertThat(events)
        .contains(
            new BackupEvent.Notice("before hook: dumped 3 databases"),
            new BackupEvent.Notice("after hook: dumped 3 databases"));
  }

  @Test
  void aConfigurationFileOthersCanWriteIsRefusedBeforeAnythingHappens() throws IOException {
    Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-rw-r--"));
    int start = env.journal().size();

    assertThatThrownBy(() -> mnemosyne().backup(config))
        .isInstanceOf(EnvironmentNotReadyException.class)
        .hasMessageContaining(configFile.toString())
        .hasMessageContaining("writable by its group")
        .hasMessageContaining("chmod go-w " + configFile);
    assertThat(env.journal().since(start)).isEmpty();
  }

  @Test
  void aConfigurationDirectoryEveryoneCanWriteIsRefused() throws IOException {
    Files.setPosixFilePermissions(
        configFile.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> mnemosyne().backup(config))
        .isInstanceOf(EnvironmentNotReadyException.class)
        .hasMessageContaining("configuration directory " + configFile.getParent())
        .hasMessageContaining("writable by everyone");
    assertThat(env.hookRunner().calls()).isEmpty();
  }

  @Test
  @RequiresCapability(Capability.ROOT)
  void aConfigurationFileOwnedByAnotherUserIsRefused() throws IOException {
    Files.setOwner(
        configFile,
        configFile.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

    assertThatThrownBy(() -> mnemosyne().backup(config))
        .isInstanceOf(EnvironmentNotReadyException.class)
        .hasMessageContaining("belongs to user nobody")
        .hasMessageContaining("chown root " + configFile);
  }

  @Test
  void theEnvironmentCheckNamesAHookProgramThatIsMissingAndAnUnsafeConfigurationFile()
      throws IOException {
    Path program = Files.writeString(root.resolve("ping"), "#!/bin/sh\n");
    BackupConfig missing = env.config()
        .directory("docs", env.sourceDirectory("docs"))
        .hooks(new Hooks(
            Optional.of(new Hook(List.of(program.toString()), Duration.ofSeconds(5))),
            Optional.of(new Hook(
                List.of(root.resolve("no-such-program").toString()), Duration.ofSeconds(5)))))
        .build();
    Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-rw-rw-"));

    var checks = mnemosyne().verifyEnvironment(missing).checks();

    assertThat(checks).anySatisfy(c -> {
      assertThat(c.name()).isEqualTo("before hook");
      assertThat(c.passed()).isFalse();
      assertThat(c.fix()).contains("chmod +x " + program);
    });
    assertThat(checks)
        .anySatisfy(c -> {
          assertThat(c.name()).isEqualTo("after hook");
          assertThat(c.passed()).isFalse();
          assertThat(c.detail()).contains(root.resolve("no-such-program") + " does not exist");
        })
        .anySatisfy(c -> {
          assertThat(c.name()).isEqualTo("configuration file");
          assertThat(c.passed()).isFalse();
          assertThat(c.detail()).contains("writable by everyone");
        });
  }

  @Test
  void aConfigurationWithoutHooksIsNotChecked() throws IOException {
    Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-rw-rw-"));
    BackupConfig plain = env.config()
        .rotation(3, 0)
        .directory("docs", env.sourceDirectory("docs"))
        .build();

    assertThat(mnemosyne().backup(plain).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
  }
}
