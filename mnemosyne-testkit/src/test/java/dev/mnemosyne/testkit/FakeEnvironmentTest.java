package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.EnvironmentReport;
import dev.mnemosyne.core.MountedStore;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.MirrorOptions;
import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The testkit's own promises: journal, faults, clock, read-only guard and assertions. */
class FakeEnvironmentTest {
  @TempDir
  Path root;

  private FakeEnvironment env;
  private final StoreId store = new StoreId("store-1");

  @BeforeEach
  void setUp() {
    env = FakeEnvironment.create(root);
  }

  @Test
  void theJournalRecordsEveryCallWithItsOutcome() {
    MountedRemote remote = env.remoteMount().mount(env.localRemote(), store);
    assertThatThrownBy(() -> env.remoteMount().mount(env.localRemote(), store))
        .isInstanceOf(StepFailedException.class);
    remote.close();
    assertThat(env.journal().operations())
        .containsExactly(Operation.REMOTE_MOUNT, Operation.REMOTE_MOUNT, Operation.REMOTE_UNMOUNT);
    assertThat(env.journal().interactions().get(0).arguments())
        .containsExactly(env.localRemote().identity(), "store-1");
    assertThat(env.journal().interactions())
        .extracting(Interaction::failed)
        .containsExactly(false, true, false);
    assertThat(env.journal().since(2)).extracting(Interaction::sequence).containsExactly(3);
  }

  @Test
  void aFaultAimedAtTheNthCallOfAnOperationStrikesThatCallOnly() {
    env.faults().fail(Operation.FILESYSTEM_WRITE_STATE, 2, Fault.timeout());
    MountedFilesystem fs = mountedFilesystem();
    fs.writeState("a.last", "1");
    StepFailedException failure =
        catchThrowableOfType(StepFailedException.class, () -> fs.writeState("a.last", "2"));
    assertThat(failure.step()).isEqualTo(Step.WRITE_STATE);
    assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(fs.readState("a.last")).contains("1");
    fs.writeState("a.last", "3");
    assertThat(fs.readState("a.last")).contains("3");
    assertThat(env.faults().hasPending()).isFalse();
    fs.close();
  }

  @Test
  void aFaultAfterTheEffectLetsTheCallTakeEffect() {
    MountedFilesystem fs = mountedFilesystem();
    fs.createSubvolume("a.0");
    env.faults().failCall(1, Fault.error().afterTheEffect());
    assertThatThrownBy(() -> fs.rename("a.0", "a.1")).isInstanceOf(StepFailedException.class);
    assertThat(fs.entries()).extracting(e -> e.name()).containsExactly("a.1");
    fs.close();
  }

  @Test
  void aTransferOnlyFaultFailsOtherCallsBeforeTheirEffect() {
    env.faults().failCall(1, Fault.incompleteTransfer(0.5));
    assertThatThrownBy(() -> env.remoteMount().mount(env.localRemote(), store))
        .isInstanceOf(StepFailedException.class);
    assertThat(env.remoteMount().isMounted(store)).isFalse();
  }

  @Test
  void faultsCountCallsFromWhenTheyAreAdded() {
    env.remoteMount().cleanUp(store);
    env.faults().failCall(2, Fault.noSpace());
    env.remoteMount().cleanUp(store);
    StepFailedException failure =
        catchThrowableOfType(StepFailedException.class, () -> env.remoteMount().cleanUp(store));
    assertThat(failure.reason()).isEqualTo(Reason.NO_SPACE);
    assertThat(failure.step()).isEqualTo(Step.CLEAN_UP_LEFTOVERS);
  }

  @Test
  void theTransferRefusesToWriteIntoAReadOnlySubvolume() throws IOException {
    MountedFilesystem fs = mountedFilesystem();
    fs.createSubvolume("a.0");
    fs.snapshotReadOnly("a.0", "a.1");
    Path source = Files.createDirectories(root.resolve("source"));
    Files.writeString(source.resolve("x.txt"), "x");
    StepFailedException failure = catchThrowableOfType(
        StepFailedException.class,
        () -> env.transfer()
            .mirror(source, fs.root().resolve("a.1"), MirrorOptions.defaults(), p -> {}));
    assertThat(failure.step()).isEqualTo(Step.TRANSFER);
    assertThat(fs.root().resolve("a.1").resolve("x.txt")).doesNotExist();
    fs.close();
  }

  @Test
  void aTamperedReadOnlyStageIsCaught() throws IOException {
    BackupConfig config = env.config()
        .rotation(3, 0)
        .directory("docs", env.sourceDirectory("docs"))
        .build();
    Files.writeString(env.sourceDirectory("docs").resolve("a.txt"), "a");
    env.mnemosyne().initStore(config);
    env.mnemosyne().backup(config);
    env.mnemosyne().backup(config);
    FakeStore store = env.store(config);
    assertThat(store).hasStagesZeroTo("docs", 1).hasReadOnlyHistory("docs");

    Files.writeString(store.stage("docs", 1).resolve("a.txt"), "tampered behind the fake's back");

    assertThatThrownBy(() -> assertThat(store).hasReadOnlyHistory("docs"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("docs.1");
    assertThatThrownBy(
            () -> assertThat(store).stage("docs", 1).hasSameContentAs(env.sourceDirectory("docs")))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(store).hasStagesZeroTo("docs", 2))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void leftoversAreReportedByTheAssertion() {
    Handle lock = env.runLock().acquire(store);
    assertThatThrownBy(() -> assertThat(env).hasNothingMountedOrOpen())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("lock held: store-1");
    env.simulateProcessExit();
    assertThat(env).hasNothingMountedOrOpen();
    lock.close();
  }

  @Test
  void theClockMovesOnlyWhenTold() {
    TestClock clock = env.clock();
    Instant start = clock.instant();
    assertThat(clock.instant()).isEqualTo(start);
    assertThat(clock.advance(Duration.ofHours(6))).isEqualTo(start.plus(Duration.ofHours(6)));
    clock.set(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(clock.withZone(java.time.ZoneId.of("Europe/Berlin")).instant())
        .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mountKeepsTheStoreOpenUntilClosed() throws IOException {
    BackupConfig config =
        env.config().directory("docs", env.sourceDirectory("docs")).build();
    env.mnemosyne().initStore(config);
    try (MountedStore mounted = env.mnemosyne().mount(config)) {
      assertThat(mounted.root().resolve(".mnemosyne-store")).isRegularFile();
      assertThat(env.snapshotFilesystem().isMounted(config.storeId())).isTrue();
      assertThat(env.encryptedVolume().isOpen(config.storeId())).isTrue();
    }
    assertThat(env).hasNothingMountedOrOpen();
  }

  @Test
  void initStoreRefusesAnExistingStoreAndTheHostChecksAreConfigurable() {
    BackupConfig config =
        env.config().directory("docs", env.sourceDirectory("docs")).build();
    env.mnemosyne().initStore(config);
    assertThatThrownBy(() -> env.mnemosyne().initStore(config))
        .hasMessageContaining("exists already");
    assertThat(env).hasNothingMountedOrOpen();

    env.hostChecks().failing("cryptsetup", "apt-get install cryptsetup-bin");
    EnvironmentReport report = env.mnemosyne().verifyEnvironment(config);
    assertThat(report.ready()).isFalse();
    assertThat(report.checks()).anySatisfy(c -> {
      assertThat(c.name()).isEqualTo("cryptsetup");
      assertThat(c.fix()).contains("apt-get install cryptsetup-bin");
    });
    assertThat(env.mnemosyne().backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
  }

  @Test
  void storeImagesAreSparseFilesOfTheConfiguredSize() throws IOException, InterruptedException {
    BackupConfig config = env.config()
        .sizeGigabytes(2)
        .directory("docs", env.sourceDirectory("docs"))
        .build();
    env.mnemosyne().initStore(config);
    Path image = env.store(config).image();
    assertThat(Files.size(image)).isEqualTo(2L << 30);
    Process stat = new ProcessBuilder("stat", "-c", "%b %B", image.toString()).start();
    String[] blocks = new String(
            stat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
        .trim()
        .split(" ");
    assertThat(stat.waitFor()).isZero();
    assertThat(Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]))
        .as("bytes allocated")
        .isLessThan(1 << 20);
  }

  private MountedFilesystem mountedFilesystem() {
    Path device = env.newDevice();
    env.snapshotFilesystem().makeFilesystem(device, "test");
    return env.snapshotFilesystem().mount(device, store);
  }
}
