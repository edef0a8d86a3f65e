package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.BackupEvent;
import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.StateFiles;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.SnapshotFilesystem.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup use case over the fakes: interrupted syncs, stores the original tool made, and typical failures. */
class BackupScenariosTest {
  @TempDir
  Path root;

  private FakeEnvironment env;
  private Path docs;
  private SourceEditor editor;
  private BackupConfig config;
  private Mnemosyne mnemosyne;
  private final List<BackupEvent> events = new ArrayList<>();

  @BeforeEach
  void setUp() {
    env = FakeEnvironment.create(root);
    docs = env.sourceDirectory("docs");
    editor = new SourceEditor(docs, 3).seed(env.clock().instant());
    config = env.config().rotation(3, 24).directory("docs", docs).build();
    mnemosyne = env.mnemosyneBuilder().listener(events::add).build();
  }

  private BackupReport backUpAfter(Duration wait) {
    env.clock().advance(wait);
    editor.change(env.clock().instant());
    return mnemosyne.backup(config);
  }

  @Test
  void aTransferThatFailsHalfWayIsNotRotatedIntoHistory() {
    mnemosyne.initStore(config);
    assertThat(backUpAfter(Duration.ofHours(1)).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    TreeContent first = TreeContent.of(docs);

    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.partWay(0.5));
    BackupReport broken = backUpAfter(Duration.ofHours(25));
    assertThat(broken.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(broken.directories().get(0).rotated())
        .as("the due rotation ran before the copy")
        .isTrue();
    assertThat(env.store(config).state("docs.sync"))
        .hasValueSatisfying(s -> assertThat(s).startsWith("incomplete"));
    assertThat(env.store(config).stage("docs", 0)).isDirectory();
    assertThat(TreeContent.of(env.store(config).stage("docs", 0)))
        .isNotEqualTo(TreeContent.of(docs));

    BackupReport completing = backUpAfter(Duration.ofHours(25));
    assertThat(completing.directories().get(0).rotated())
        .as("rotating the half-copied stage")
        .isFalse();
    assertThat(completing.directories().get(0).warnings())
        .anySatisfy(w -> assertThat(w).contains("postponed"));
    assertThat(env.store(config))
        .hasExactlyStages("docs", 0, 1)
        .stage("docs", 1)
        .hasContent(first);
    assertThat(env.store(config)).stage("docs", 0).hasSameContentAs(docs);
    TreeContent complete = TreeContent.of(docs);

    BackupReport next = backUpAfter(Duration.ofHours(1));
    assertThat(next.directories().get(0).rotated())
        .as("the postponed rotation, now from a complete copy")
        .isTrue();
    assertThat(env.store(config)).hasStagesZeroTo("docs", 2).hasReadOnlyHistory("docs");
    assertThat(env.store(config)).stage("docs", 1).hasContent(complete);
    assertThat(env.store(config)).stage("docs", 2).hasContent(first);
    assertThat(env).hasNothingMountedOrOpen();
  }

  @Test
  void aRunThatDiesBetweenRotationStepsLosesAndDuplicatesNoStage() {
    mnemosyne.initStore(config);
    List<TreeContent> synced = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      backUpAfter(Duration.ofHours(25));
      synced.add(0, TreeContent.of(docs));
    }
    assertThat(env.store(config)).hasStagesZeroTo("docs", 2);

    // the rotation deletes docs.2, renames docs.1 to docs.2, snapshots docs.0 into docs.1, then
    // records itself
    env.faults().fail(Operation.FILESYSTEM_WRITE_STATE, 2, Fault.error());
    BackupReport died = backUpAfter(Duration.ofHours(25));
    assertThat(died.directories().get(0).failure()).isPresent();
    assertThat(env.store(config)).hasStagesZeroTo("docs", 2).hasReadOnlyHistory("docs");
    assertThat(env.store(config)).stage("docs", 1).hasContent(synced.get(0));
    assertThat(env.store(config)).stage("docs", 2).hasContent(synced.get(1));

    backUpAfter(Duration.ofHours(1));
    TreeContent completed = TreeContent.of(docs);
    assertThat(env.store(config))
        .stage("docs", 1)
        .as("no second snapshot of the same content")
        .hasContent(synced.get(0));
    backUpAfter(Duration.ofHours(1));
    assertThat(env.store(config)).stage("docs", 1).hasContent(completed);
    assertThat(env.store(config)).stage("docs", 2).hasContent(synced.get(0));
    assertThat(env).hasNothingMountedOrOpen();
  }

  @Test
  void aPartialCopyIsReportedAndPostponesRotation() {
    mnemosyne.initStore(config);
    backUpAfter(Duration.ofHours(1));
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.incompleteTransfer(0.3));
    BackupReport partial = backUpAfter(Duration.ofHours(25));
    assertThat(partial.outcome()).isEqualTo(BackupReport.Outcome.WARNINGS);
    assertThat(partial.directories().get(0).status()).isEqualTo(DirectoryReport.Status.PARTIAL);

    BackupReport next = backUpAfter(Duration.ofHours(25));
    assertThat(next.directories().get(0).rotated()).isFalse();
    assertThat(next.outcome()).isEqualTo(BackupReport.Outcome.WARNINGS);
    assertThat(env.store(config))
        .hasExactlyStages("docs", 0, 1)
        .stage("docs", 0)
        .hasSameContentAs(docs);
  }

  @Test
  void aStoreMadeByTheOriginalToolIsAdopted() throws IOException {
    mnemosyne.initStore(config);
    FakeStore store = env.store(config);
    store.deleteState(StateFiles.MARKER);
    List<TreeContent> original = new ArrayList<>();
    for (int index = 2; index >= 0; index--) {
      Path stage = store.createSubvolume("docs." + index);
      Files.writeString(stage.resolve("from-the-original.txt"), "stage " + index);
      original.add(0, TreeContent.of(stage));
    }
    store.writeState("docs.last", "1600000000.25\n");
    int before = env.journal().size();

    BackupReport report = backUpAfter(Duration.ofHours(1));

    assertThat(report.outcome()).as("%s", report).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(events)
        .anySatisfy(e -> assertThat(e)
            .isInstanceOfSatisfying(
                BackupEvent.Notice.class, n -> assertThat(n.message()).contains("adopting")));
    assertThat(store.state(StateFiles.MARKER)).contains(StateFiles.MARKER_CONTENT);
    assertThat(store).hasStagesZeroTo("docs", 2).stage("docs", 0).hasSameContentAs(docs);
    assertThat(store).stage("docs", 1).isReadOnly().hasContent(original.get(0));
    assertThat(store).stage("docs", 2).hasContent(original.get(1));
    assertThat(env.journal().since(before))
        .extracting(Interaction::operation)
        .contains(Operation.FILESYSTEM_DELETE_SUBVOLUME, Operation.FILESYSTEM_SNAPSHOT);
  }

  @Test
  void aFilesystemWithForeignContentIsRefusedAndNothingIsWritten() throws IOException {
    mnemosyne.initStore(config);
    FakeStore store = env.store(config);
    store.deleteState(StateFiles.MARKER);
    Files.createDirectory(store.root().resolve("photos-2019"));
    store.writeState("notes.txt", "not a store");
    List<Entry> entriesBefore = store.entries();
    int before = env.journal().size();

    BackupReport report = backUpAfter(Duration.ofHours(1));

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(report.failure()).containsInstanceOf(RefusedException.class);
    assertThat(report.failure().get().getMessage()).contains("photos-2019", "notes.txt");
    assertThat(store.entries()).isEqualTo(entriesBefore);
    assertThat(env.journal().since(before))
        .extracting(Interaction::operation)
        .doesNotContain(
            Operation.FILESYSTEM_WRITE_STATE,
            Operation.FILESYSTEM_CREATE_SUBVOLUME,
            Operation.FILESYSTEM_SNAPSHOT,
            Operation.FILESYSTEM_RENAME,
            Operation.FILESYSTEM_DELETE_SUBVOLUME,
            Operation.TRANSFER_MIRROR);
    assertThat(env).hasNothingMountedOrOpen();
  }

  @Test
  void anEmptyFilesystemWithoutMarkerIsAdopted() {
    mnemosyne.initStore(config);
    env.store(config).deleteState(StateFiles.MARKER);
    BackupReport report = backUpAfter(Duration.ofHours(1));
    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(env.store(config).state(StateFiles.MARKER)).contains(StateFiles.MARKER_CONTENT);
  }

  @Test
  void aWrongKeyFailsTheOpeningStepAndTouchesNothing() throws IOException {
    mnemosyne.initStore(config);
    Files.writeString(env.keyFile(), "0".repeat(64));
    BackupReport report = backUpAfter(Duration.ofHours(1));
    assertThat(report.failure())
        .hasValueSatisfying(f -> assertThat(f)
            .isInstanceOfSatisfying(StepFailedException.class, step -> {
              assertThat(step.step()).isEqualTo(Step.OPEN_VOLUME);
              assertThat(step.reason()).isEqualTo(Reason.WRONG_KEY);
            }));
    assertThat(env.store(config).entries())
        .extracting(Entry::name)
        .containsExactly(StateFiles.MARKER);
    assertThat(env).hasNothingMountedOrOpen();
  }

  @Test
  void aFullStoreFailsTheTransferWithNoSpaceAndKeepsHistory() throws IOException {
    mnemosyne.initStore(config);
    backUpAfter(Duration.ofHours(1));
    TreeContent first = TreeContent.of(docs);
    Files.write(docs.resolve("big.bin"), new byte[64 << 10]);
    env.snapshotFilesystem().capacity(48 << 10);

    BackupReport report = backUpAfter(Duration.ofHours(25));

    DirectoryReport directory = report.directories().get(0);
    assertThat(directory.status()).isEqualTo(DirectoryReport.Status.FAILED);
    assertThat(directory.failure())
        .hasValueSatisfying(f -> assertThat(f)
            .isInstanceOfSatisfying(
                StepFailedException.class,
                step -> assertThat(step.reason()).isEqualTo(Reason.NO_SPACE)));
    assertThat(env.store(config))
        .hasExactlyStages("docs", 0, 1)
        .stage("docs", 1)
        .hasContent(first);
    assertThat(env).hasNothingMountedOrOpen();
  }

  @Test
  void aSecondRunOfTheSameStoreIsTurnedAway() {
    mnemosyne.initStore(config);
    StoreId store = config.storeId();
    Handle held = env.runLock().acquire(store);
    try {
      assertThatThrownBy(() -> mnemosyne.backup(config)).isInstanceOf(StoreLockedException.class);
      assertThat(env.remoteMount().isMounted(store)).isFalse();
      assertThat(env.runLock().isHeld(store)).as("the other run's lock").isTrue();
    } finally {
      held.close();
    }
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
  }

  @Test
  void aCancelledTransferStopsTheRunAndSkipsTheRemainingDirectories() {
    Path photos = env.sourceDirectory("photos");
    BackupConfig two =
        env.config().directory("docs", docs).directory("photos", photos).build();
    mnemosyne.initStore(two);
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.cancelled());
    BackupReport report = mnemosyne.backup(two);
    assertThat(report.directories())
        .extracting(DirectoryReport::status)
        .containsExactly(DirectoryReport.Status.FAILED, DirectoryReport.Status.SKIPPED);
    assertThat(env).hasNothingMountedOrOpen();
  }

  @Test
  void aCrashLeavesMountsThatTheNextRunCleansUp() {
    mnemosyne.initStore(config);
    env.faults().fail(Operation.FILESYSTEM_UNMOUNT, 1, Fault.timeout());
    BackupReport crashed = backUpAfter(Duration.ofHours(1));
    assertThat(crashed.failure())
        .hasValueSatisfying(
            f -> assertThat(((StepFailedException) f).step()).isEqualTo(Step.UNMOUNT_FILESYSTEM));
    assertThat(env.leftovers()).isNotEmpty();
    env.simulateProcessExit();

    BackupReport next = backUpAfter(Duration.ofHours(1));
    assertThat(next.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(env).hasNothingMountedOrOpen();
    assertThat(env.journal().of(Operation.FILESYSTEM_CLEAN_UP)).isNotEmpty();
  }

  @Test
  void aCifsStoreWorksAndItsPasswordIsNeverJournaled() {
    BackupConfig cifs =
        env.config().remote(env.cifsRemote()).directory("docs", docs).build();
    mnemosyne.initStore(cifs);
    assertThat(mnemosyne.backup(cifs).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(env.store(cifs).image())
        .startsWith(env.root().resolve("remotes"))
        .isRegularFile();
    assertThat(env.store(cifs)).stage("docs", 0).hasSameContentAs(docs);
    assertThat(env.journal().toString()).doesNotContain("fake-password");
  }
}
