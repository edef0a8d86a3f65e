package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.GrowthReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.Remedy;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.BackupConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Growing a store through the library API over the fakes: a full store grows and takes the backup that failed. */
class StoreGrowthTest {
  private static final long GIB = 1L << 30;

  @TempDir
  Path root;

  private FakeEnvironment env;
  private Path docs;
  private BackupConfig small;
  private BackupConfig grown;
  private Mnemosyne mnemosyne;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(root);
    docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "alpha");
    small =
        env.config().rotation(3, 24).directory("docs", docs).sizeGigabytes(1).build();
    grown =
        env.config().rotation(3, 24).directory("docs", docs).sizeGigabytes(2).build();
    mnemosyne = env.mnemosyne();
    mnemosyne.initStore(small);
  }

  /** A store of 1 GiB whose filesystem holds only 64 KiB, filled by a 96 KiB file: the backup fails with no space. */
  private void fillTheStore() throws IOException {
    assertThat(mnemosyne.backup(small).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    env.snapshotFilesystem().capacity(64 << 10);
    Files.write(docs.resolve("big.bin"), new byte[96 << 10]);
    env.clock().advance(Duration.ofHours(25));
    BackupReport full = mnemosyne.backup(small);
    assertThat(full.directories().get(0).failure())
        .hasValueSatisfying(f -> assertThat(f)
            .isInstanceOfSatisfying(
                StepFailedException.class, s -> assertThat(s.reason()).isEqualTo(Reason.NO_SPACE)));
  }

  @Test
  void aFullStoreGrownToTheNewSizeTakesTheBackupThatDidNotFit() throws IOException {
    fillTheStore();

    GrowthReport report = mnemosyne.growStore(grown);

    assertThat(report.imageBytesBefore()).contains(GIB);
    assertThat(report.imageBytes()).isEqualTo(2 * GIB);
    assertThat(report.imageGrew()).isTrue();
    assertThat(report.filesystemBytesAfter()).contains(2 * GIB);
    assertThat(Files.size(env.store(grown).image())).isEqualTo(2 * GIB);
    assertThat(env).hasNothingMountedOrOpen();

    env.clock().advance(Duration.ofHours(25));
    BackupReport next = mnemosyne.backup(grown);
    assertThat(next.outcome()).as("%s", next).isNotEqualTo(BackupReport.Outcome.FAILED);
    assertThat(env.store(grown).stage("docs", 0).resolve("big.bin")).hasSize(96 << 10);
    assertThat(env.store(grown).stage("docs", 1).resolve("a.txt")).hasContent("alpha");
  }

  @Test
  void growingToTheSizeTheStoreHasChangesNothingAndSaysSo() {
    GrowthReport report = mnemosyne.growStore(small);

    assertThat(report.unchanged()).isTrue();
    assertThat(env.journal().operations()).doesNotContain(Operation.VOLUME_GROW_IMAGE);
    assertThat(env).hasNothingMountedOrOpen();
  }

  @Test
  void aSmallerSizeIsRefusedAndNothingIsChanged() throws IOException {
    mnemosyne.growStore(grown);
    long before = Files.size(env.store(grown).image());

    assertThatThrownBy(() -> mnemosyne.growStore(small))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("cannot shrink")
        .hasMessageContaining("store.size");

    assertThat(Files.size(env.store(grown).image())).isEqualTo(before);
    assertThat(env.journal().operations()).containsOnlyOnce(Operation.VOLUME_GROW_IMAGE);
    assertThat(env).hasNothingMountedOrOpen();
  }

  /** Stopped after the image grew, the store opens and backs up as before, and the next grow finishes. */
  @ParameterizedTest
  @EnumSource(
      value = Operation.class,
      names = {"VOLUME_RESIZE", "FILESYSTEM_GROW"})
  void aGrowStoppedPartWayLeavesAStoreThatWorksAndTheNextGrowFinishesIt(Operation stoppedAt)
      throws IOException {
    fillTheStore();
    env.faults().fail(stoppedAt, 1, Fault.cancelled());

    assertThatThrownBy(() -> mnemosyne.growStore(grown)).isInstanceOf(StepFailedException.class);
    assertThat(Files.size(env.store(grown).image())).isEqualTo(2 * GIB);
    assertThat(env).hasNothingMountedOrOpen();
    env.clock().advance(Duration.ofHours(25));
    BackupReport meanwhile = mnemosyne.backup(grown);
    assertThat(meanwhile.directories().get(0).status())
        .as("the filesystem has not grown yet")
        .isEqualTo(DirectoryReport.Status.FAILED);
    assertThat(env.store(grown).stage("docs", 1).resolve("a.txt")).hasContent("alpha");

    GrowthReport finished = mnemosyne.growStore(grown);

    assertThat(finished.imageGrew()).isFalse();
    assertThat(finished.filesystemGrew()).isTrue();
    assertThat(finished.unchanged()).isFalse();
    env.clock().advance(Duration.ofHours(25));
    assertThat(mnemosyne.backup(grown).outcome()).isNotEqualTo(BackupReport.Outcome.FAILED);
    assertThat(env.store(grown).stage("docs", 0).resolve("big.bin")).hasSize(96 << 10);
  }

  @Test
  void aRemoteWithLessRoomThanTheGrowthIsAWarning() {
    env.remoteMount().capacity(GIB + (256L << 20));

    GrowthReport report = mnemosyne.growStore(grown);

    assertThat(report.imageGrew()).isTrue();
    assertThat(report.warnings())
        .singleElement()
        .asString()
        .contains("less than the 1.0 GiB the store grows by");
    assertThat(report.remoteFreeBytes()).isPresent();
  }

  @Test
  void aStoreThatIsMissingIsRefused() throws IOException {
    Files.delete(env.store(small).image());
    assertThatThrownBy(() -> mnemosyne.growStore(grown))
        .hasMessageContaining("there is no store image")
        .isInstanceOfSatisfying(
            RefusedException.class, e -> assertThat(e.remedy()).contains(Remedy.INIT_STORE));
  }
}
