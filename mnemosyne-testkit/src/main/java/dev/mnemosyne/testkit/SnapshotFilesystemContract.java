package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.Compression;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.ScrubResult;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.core.port.SnapshotFilesystem.Entry;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.core.port.SpaceUsage;
import dev.mnemosyne.core.port.SubvolumeDetails;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SnapshotFilesystem} must have. Subclass it and supply the port
 * and a fresh device to make a filesystem on (for btrfs: a loop device over a sparse file of
 * at least 128 MiB); before each test the contract makes a filesystem on it and mounts it,
 * and after each test it unmounts everything and then calls {@link #releaseDevice(Path)}. A
 * filesystem with a file open in it is not unmounted ("target is busy"), and one filesystem is
 * never mounted twice.
 */
public abstract class SnapshotFilesystemContract {
  private final HandleTracker handles = new HandleTracker();
  private SnapshotFilesystem port;
  private Path device;
  private StoreId store;
  private MountedFilesystem fs;

  /** The implementation under test; called once before each test. */
  protected abstract SnapshotFilesystem snapshotFilesystem();

  /** A fresh device (or image) that the port can make a filesystem on; called once before each test. */
  protected abstract Path newDevice() throws IOException;

  /** Called after each test once the filesystem is unmounted, e.g. to detach a loop device; does nothing by default. */
  protected void releaseDevice(Path device) throws IOException {}

  /**
   * Writes a file the way the code under test would, e.g. a user or a transfer writing into
   * a stage. The default writes it directly, which a real read-only subvolume refuses even
   * to root; a fake that cannot enforce read-only-ness on its host writes through its own guard.
   */
  protected void writeFile(Path file, String content) throws IOException {
    Files.writeString(file, content);
  }

  /**
   * Makes {@code device} {@code sizeBytes} large, as a grown image under its loop device is;
   * returns false when the implementation's devices cannot grow (the growth tests then skip).
   */
  protected boolean growDevice(Path device, long sizeBytes) throws IOException {
    return false;
  }

  /**
   * Holds {@code file} open, as a process using it would, until the handle is closed. The
   * default opens it for real; a fake that cannot see the host's open files holds it its own way.
   */
  protected Handle holdOpen(Path file) throws IOException {
    return ContractFiles.holdOpen(file);
  }

  @BeforeEach
  final void setUpSnapshotFilesystemContract() throws IOException {
    port = snapshotFilesystem();
    device = newDevice();
    store = newStore();
    port.makeFilesystem(device, "contract");
    fs = handles.track(port.mount(device, store));
  }

  @AfterEach
  final void tearDownSnapshotFilesystemContract() throws IOException {
    RuntimeException failure = handles.closeAll();
    try {
      port.cleanUp(store);
    } finally {
      releaseDevice(device);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static StoreId newStore() {
    return new StoreId("contract-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private Optional<Entry> entry(String name) {
    return fs.entries().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  private static void assertFails(Step step, Runnable operation) {
    StepFailedException failure = catchThrowableOfType(StepFailedException.class, operation::run);
    assertThat(failure).as("expected a failure of step %s", step).isNotNull();
    assertThat(failure.step()).isEqualTo(step);
  }

  @Test
  void aNewFilesystemIsEmptyAndMountedAtADirectory() {
    assertThat(fs.root()).isDirectory();
    assertThat(fs.entries()).isEmpty();
  }

  @Test
  void spaceIsPlausible() {
    SpaceUsage space = fs.space();
    assertThat(space.totalBytes()).isPositive();
    assertThat(space.freeBytes()).isPositive().isLessThanOrEqualTo(space.totalBytes());
  }

  @Test
  void createdSubvolumesAreListedWritableDirectories() throws IOException {
    fs.createSubvolume("docs.0");
    assertThat(fs.entries()).containsExactly(new Entry("docs.0", Entry.Kind.SUBVOLUME, false));
    writeFile(fs.root().resolve("docs.0").resolve("a.txt"), "alpha");
    assertThat(fs.root().resolve("docs.0").resolve("a.txt")).hasContent("alpha");
  }

  @Test
  void detailsTellWhenASnapshotWasTakenAcrossRenamesAndHowLargeItIs() throws IOException {
    fs.createSubvolume("docs.0");
    writeFile(fs.root().resolve("docs.0").resolve("a.txt"), "x".repeat(10_000));
    fs.snapshotReadOnly("docs.0", "docs.1");
    SubvolumeDetails taken = fs.details("docs.1");
    fs.rename("docs.1", "docs.2");
    SubvolumeDetails renamed = fs.details("docs.2");

    assertThat(taken.created()).as("creation time of a snapshot").isPresent();
    assertThat(renamed.created()).isEqualTo(taken.created());
    renamed.totalBytes().ifPresent(total -> assertThat(total).isGreaterThanOrEqualTo(10_000L));
    renamed
        .exclusiveBytes()
        .ifPresent(exclusive ->
            assertThat(exclusive).isLessThanOrEqualTo(renamed.totalBytes().orElseThrow()));
  }

  @Test
  void aScrubOfAHealthyFilesystemFinishesWithoutErrors() throws IOException {
    fs.createSubvolume("docs.0");
    writeFile(fs.root().resolve("docs.0").resolve("a.txt"), "x".repeat(100_000));
    ScrubResult scrub = fs.scrub(java.time.Duration.ofMinutes(5));
    assertThat(scrub.finished()).isTrue();
    assertThat(scrub.errors()).isZero();
  }

  @Test
  void detailsOfWhatIsNoSubvolumeFail() {
    fs.writeState("docs.sync", "complete 1\n");
    assertFails(Step.READ_STORE, () -> fs.details("docs.sync"));
    assertFails(Step.READ_STORE, () -> fs.details("missing.0"));
  }

  @Test
  void creatingAnExistingSubvolumeFails() {
    fs.createSubvolume("docs.0");
    assertFails(Step.CREATE_SUBVOLUME, () -> fs.createSubvolume("docs.0"));
  }

  @Test
  void aReadOnlySnapshotHoldsTheContentOfItsMomentAndRefusesWrites() throws IOException {
    fs.createSubvolume("docs.0");
    Path live = fs.root().resolve("docs.0");
    Files.createDirectories(live.resolve("nested"));
    writeFile(live.resolve("nested").resolve("a.txt"), "alpha");
    fs.snapshotReadOnly("docs.0", "docs.1");
    writeFile(live.resolve("nested").resolve("a.txt"), "changed later");

    Path snapshot = fs.root().resolve("docs.1");
    assertThat(fs.entries())
        .contains(
            new Entry("docs.1", Entry.Kind.SUBVOLUME, true),
            new Entry("docs.0", Entry.Kind.SUBVOLUME, false));
    assertThat(snapshot.resolve("nested").resolve("a.txt")).hasContent("alpha");
    assertThat(catchThrowable(
            () -> writeFile(snapshot.resolve("nested").resolve("a.txt"), "tampered")))
        .as("writing into a read-only snapshot")
        .isInstanceOf(IOException.class);
    assertThat(catchThrowable(() -> writeFile(snapshot.resolve("new.txt"), "new")))
        .as("creating a file in a read-only snapshot")
        .isInstanceOf(IOException.class);
    assertThat(snapshot.resolve("nested").resolve("a.txt")).hasContent("alpha");
    assertThat(snapshot.resolve("new.txt")).doesNotExist();
  }

  @Test
  void snapshottingAMissingSubvolumeOrOntoAnExistingOneFails() {
    assertFails(Step.SNAPSHOT_SUBVOLUME, () -> fs.snapshotReadOnly("docs.0", "docs.1"));
    fs.createSubvolume("docs.0");
    fs.createSubvolume("docs.1");
    assertFails(Step.SNAPSHOT_SUBVOLUME, () -> fs.snapshotReadOnly("docs.0", "docs.1"));
  }

  @Test
  void renameMovesASubvolumeAndKeepsItReadOnly() throws IOException {
    fs.createSubvolume("docs.0");
    writeFile(fs.root().resolve("docs.0").resolve("a.txt"), "alpha");
    fs.snapshotReadOnly("docs.0", "docs.1");
    fs.rename("docs.1", "docs.2");
    assertThat(fs.entries())
        .containsExactlyInAnyOrder(
            new Entry("docs.0", Entry.Kind.SUBVOLUME, false),
            new Entry("docs.2", Entry.Kind.SUBVOLUME, true));
    assertThat(fs.root().resolve("docs.2").resolve("a.txt")).hasContent("alpha");
    assertThat(catchThrowable(
            () -> writeFile(fs.root().resolve("docs.2").resolve("a.txt"), "tampered")))
        .as("writing into a renamed read-only snapshot")
        .isInstanceOf(IOException.class);
  }

  @Test
  void renameOntoAnExistingSubvolumeFails() {
    fs.createSubvolume("docs.1");
    fs.createSubvolume("docs.2");
    assertFails(Step.RENAME_SUBVOLUME, () -> fs.rename("docs.1", "docs.2"));
    assertThat(fs.entries()).extracting(Entry::name).containsExactlyInAnyOrder("docs.1", "docs.2");
  }

  @Test
  void deleteRemovesWritableAndReadOnlySubvolumesWithTheirContent() throws IOException {
    fs.createSubvolume("docs.0");
    Files.createDirectories(fs.root().resolve("docs.0").resolve("deep").resolve("er"));
    writeFile(fs.root().resolve("docs.0").resolve("deep").resolve("er").resolve("a.txt"), "alpha");
    fs.snapshotReadOnly("docs.0", "docs.1");
    fs.deleteSubvolume("docs.1");
    fs.deleteSubvolume("docs.0");
    assertThat(fs.entries()).isEmpty();
    assertThat(fs.root().resolve("docs.0")).doesNotExist();
    assertThat(fs.root().resolve("docs.1")).doesNotExist();
  }

  @Test
  void deletingAMissingSubvolumeFails() {
    assertFails(Step.DELETE_SUBVOLUME, () -> fs.deleteSubvolume("docs.7"));
  }

  @Test
  void stateFilesRoundTripAndAreListedAsFiles() {
    assertThat(fs.readState("docs.last")).isEmpty();
    fs.writeState("docs.last", "1732712345\n");
    assertThat(fs.readState("docs.last")).contains("1732712345\n");
    fs.writeState("docs.last", "1732799999\n");
    assertThat(fs.readState("docs.last")).contains("1732799999\n");
    assertThat(fs.entries()).containsExactly(new Entry("docs.last", Entry.Kind.FILE, false));
  }

  @Test
  void everythingSurvivesARemount() {
    fs.createSubvolume("docs.0");
    fs.snapshotReadOnly("docs.0", "docs.1");
    fs.writeState("docs.last", "42\n");
    fs.close();
    fs = handles.track(port.mount(device, store));
    assertThat(fs.entries())
        .containsExactlyInAnyOrder(
            new Entry("docs.0", Entry.Kind.SUBVOLUME, false),
            new Entry("docs.1", Entry.Kind.SUBVOLUME, true),
            new Entry("docs.last", Entry.Kind.FILE, false));
    assertThat(fs.readState("docs.last")).contains("42\n");
  }

  @Test
  void makeFilesystemStartsOver() {
    fs.createSubvolume("docs.0");
    fs.writeState("docs.last", "42\n");
    fs.close();
    port.makeFilesystem(device, "contract");
    fs = handles.track(port.mount(device, store));
    assertThat(fs.entries()).isEmpty();
  }

  @Test
  void growingFillsTheGrownDeviceAndKeepsEverything() throws IOException {
    fs.createSubvolume("docs.0");
    writeFile(fs.root().resolve("docs.0").resolve("a.txt"), "alpha");
    fs.snapshotReadOnly("docs.0", "docs.1");
    fs.writeState("docs.last", "1700000000");
    long before = fs.space().totalBytes();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        growDevice(device, 2 * deviceBytes(before)), "the implementation's devices cannot grow");

    fs.growToFill();

    assertThat(fs.space().totalBytes())
        .as("the filesystem's size after growing")
        .isGreaterThan(before * 3 / 2);
    assertThat(fs.entries())
        .extracting(Entry::name)
        .containsExactly("docs.0", "docs.1", "docs.last");
    assertThat(fs.root().resolve("docs.1").resolve("a.txt")).hasContent("alpha");
    assertThat(entry("docs.1").orElseThrow().readOnly()).isTrue();
    assertThat(fs.readState("docs.last")).contains("1700000000");
  }

  @Test
  void growingAFilesystemThatFillsItsDeviceChangesNothing() {
    fs.createSubvolume("docs.0");
    long before = fs.space().totalBytes();
    fs.growToFill();
    assertThat(fs.space().totalBytes()).isEqualTo(before);
    assertThat(fs.entries()).extracting(Entry::name).containsExactly("docs.0");
  }

  @Test
  void aFilesystemMountedWithCompressionHoldsWhatWasWrittenWithout() throws IOException {
    fs.createSubvolume("docs.0");
    writeFile(fs.root().resolve("docs.0").resolve("plain.txt"), "written without compression");
    fs.close();
    for (Compression compression : Compression.values()) {
      MountedFilesystem again = handles.track(port.mount(device, store, compression));
      writeFile(
          again.root().resolve("docs.0").resolve(compression.name() + ".txt"), "x".repeat(100_000));
      assertThat(again.root().resolve("docs.0").resolve("plain.txt"))
          .hasContent("written without compression");
      again.close();
    }
    MountedFilesystem last = handles.track(port.mount(device, store));
    for (Compression compression : Compression.values()) {
      assertThat(last.root().resolve("docs.0").resolve(compression.name() + ".txt"))
          .hasContent("x".repeat(100_000));
    }
  }

  /** The size of the device, about: the filesystem's total, rounded up to whole MiB. */
  private static long deviceBytes(long filesystemBytes) {
    return ((filesystemBytes >> 20) + 1) << 20;
  }

  @Test
  void closingTwiceIsHarmless() {
    fs.close();
    assertThatCode(fs::close).doesNotThrowAnyException();
  }

  @Test
  void mountingTheSameStoreTwiceFails() {
    StepFailedException failure = catchThrowableOfType(
        StepFailedException.class, () -> handles.track(port.mount(device, store)));
    assertThat(failure).as("the second mount of one store").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.MOUNT_FILESYSTEM);
    assertThat(fs.root()).isDirectory();
  }

  @Test
  void cleanUpUnmountsWhatAnUnclosedMountLeft() {
    fs.createSubvolume("docs.0");
    handles.forget(fs);
    port.cleanUp(store);
    fs = handles.track(port.mount(device, store));
    assertThat(fs.entries()).extracting(Entry::name).containsExactly("docs.0");
  }

  @Test
  void cleanUpWithNothingMountedIsANoOpAndLeavesOtherStoresMounted() {
    port.cleanUp(newStore());
    fs.createSubvolume("docs.0");
    assertThat(fs.entries()).extracting(Entry::name).containsExactly("docs.0");
    fs.close();
    assertThatCode(() -> port.cleanUp(store)).doesNotThrowAnyException();
  }

  private static void assertBusy(Step step, Runnable unmount) {
    StepFailedException failure = catchThrowableOfType(StepFailedException.class, unmount::run);
    assertThat(failure).as("unmounting a filesystem with a file open in it").isNotNull();
    assertThat(failure.step()).isEqualTo(step);
    assertThat(failure.getMessage()).contains("busy");
  }

  @Test
  void aFilesystemWithAFileOpenInItIsNotUnmounted() throws IOException {
    fs.createSubvolume("docs.0");
    Path file = fs.root().resolve("docs.0").resolve("open.txt");
    writeFile(file, "in use");
    Handle held = holdOpen(file);
    try {
      assertBusy(Step.UNMOUNT_FILESYSTEM, fs::close);
      assertThat(fs.entries())
          .as("still mounted")
          .extracting(Entry::name)
          .containsExactly("docs.0");
    } finally {
      held.close();
    }
    assertThatCode(fs::close).as("unmounting once the file is closed").doesNotThrowAnyException();
  }

  @Test
  void cleanUpLeavesAFilesystemWithAFileOpenInItMounted() throws IOException {
    fs.createSubvolume("docs.0");
    Path file = fs.root().resolve("docs.0").resolve("open.txt");
    writeFile(file, "in use");
    Handle held = holdOpen(file);
    try {
      assertBusy(Step.CLEAN_UP_LEFTOVERS, () -> port.cleanUp(store));
      assertThat(file).as("still mounted").hasContent("in use");
    } finally {
      held.close();
    }
    assertThatCode(() -> port.cleanUp(store))
        .as("cleaning up once the file is closed")
        .doesNotThrowAnyException();
  }

  @Test
  void theFilesystemCannotBeMountedForAnotherStoreWhileItIsMounted() {
    fs.createSubvolume("docs.0");
    StoreLockedException failure = catchThrowableOfType(
        StoreLockedException.class, () -> handles.track(port.mount(device, newStore())));
    assertThat(failure)
        .as("a second mount of one filesystem, for another store")
        .isNotNull();
    assertThat(failure.getMessage()).contains("mounted already");
    assertThat(fs.entries()).extracting(Entry::name).containsExactly("docs.0");
  }
}
