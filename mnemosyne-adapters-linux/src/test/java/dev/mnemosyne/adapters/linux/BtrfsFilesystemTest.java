package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.model.TreeNodeSize;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem's exact mkfs, mount and btrfs commands, through a scripted runner. */
class BtrfsFilesystemTest {
  private static final StoreId STORE = new StoreId("backup-1234abcd");
  private static final Path DEVICE = Path.of("/dev/mapper/mnemosyne-backup-1234abcd");

  @TempDir
  Path temp;

  private final ScriptedRunner runner = new ScriptedRunner();
  private final FreshDevices freshDevices = new FreshDevices();
  private BtrfsFilesystem btrfs;
  private Path root;

  @BeforeEach
  void setUp() throws IOException {
    Path mountinfo = temp.resolve("mountinfo");
    Files.writeString(mountinfo, "22 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n");
    btrfs = withPagesOf(4096);
    root = temp.resolve("run").resolve(STORE.value()).resolve("store");
  }

  /** The adapter on a machine whose memory pages are {@code bytes} (0: not known). */
  private BtrfsFilesystem withPagesOf(int bytes) {
    AdapterContext context =
        new AdapterContext(runner, temp.resolve("run"), Optional.empty(), d -> {});
    return new BtrfsFilesystem(
        context,
        freshDevices,
        new MountTable(temp.resolve("mountinfo")),
        FilesystemInUse.SYS_FS_BTRFS,
        () -> bytes);
  }

  @AfterEach
  void everyScriptedCommandRan() {
    runner.assertDone();
  }

  private MountedFilesystem mounted() {
    runner.expect("mount -t btrfs -o noatime " + DEVICE + " " + root);
    return btrfs.mount(DEVICE, STORE);
  }

  @Test
  void makesALabelledFilesystemWithoutForcing() {
    runner.expect("mkfs.btrfs -q --nodesize 4096 -L mnemosyne " + DEVICE);

    btrfs.makeFilesystem(DEVICE, "mnemosyne");
  }

  @Test
  void asksForTheNodeSizeTheStoreNames() {
    runner.expect("mkfs.btrfs -q --nodesize 8192 -L mnemosyne " + DEVICE);
    runner.expect("mkfs.btrfs -q --nodesize 16384 -L mnemosyne " + DEVICE);
    runner.expect("mkfs.btrfs -q --nodesize 65536 -L mnemosyne " + DEVICE);
    runner.expect("mkfs.btrfs -q --nodesize 4096 -L mnemosyne " + DEVICE);

    btrfs.makeFilesystem(DEVICE, "mnemosyne", TreeNodeSize.KIB_8);
    btrfs.makeFilesystem(DEVICE, "mnemosyne", TreeNodeSize.KIB_16);
    btrfs.makeFilesystem(DEVICE, "mnemosyne", TreeNodeSize.KIB_64);
    withPagesOf(65536).makeFilesystem(DEVICE, "mnemosyne", TreeNodeSize.KIB_4);
  }

  @Test
  void theDefaultIsFourKibibyteNodesOnFourKibibytePagesAndBtrfsOwnElsewhere() {
    runner.expect("mkfs.btrfs -q --nodesize 4096 -L mnemosyne " + DEVICE);
    runner.expect("mkfs.btrfs -q -L mnemosyne " + DEVICE);
    runner.expect("mkfs.btrfs -q -L mnemosyne " + DEVICE);
    runner.expect("mkfs.btrfs -q -L mnemosyne " + DEVICE);

    withPagesOf(4096).makeFilesystem(DEVICE, "mnemosyne", TreeNodeSize.DEFAULT);
    withPagesOf(16384).makeFilesystem(DEVICE, "mnemosyne", TreeNodeSize.DEFAULT);
    withPagesOf(65536).makeFilesystem(DEVICE, "mnemosyne", TreeNodeSize.DEFAULT);
    withPagesOf(0).makeFilesystem(DEVICE, "mnemosyne", TreeNodeSize.DEFAULT);
  }

  @Test
  void forcesANewFilesystemOnlyOnADeviceOpenedFromAnImageMadeInThisRun() {
    freshDevices.imageCreated(Path.of("/nas/backup"));
    freshDevices.opened(Path.of("/nas/other"), Path.of("/dev/loop3"));
    freshDevices.opened(Path.of("/nas/backup"), DEVICE);
    runner.expect("mkfs.btrfs -q -f --nodesize 4096 -L mnemosyne " + DEVICE);
    runner.expect("mkfs.btrfs -q --nodesize 4096 -L mnemosyne /dev/loop3");

    btrfs.makeFilesystem(DEVICE, "mnemosyne");
    btrfs.makeFilesystem(Path.of("/dev/loop3"), "mnemosyne");
  }

  @Test
  void refusesToMountOverAMountThatIsStillThere() throws IOException {
    Files.writeString(
        temp.resolve("mountinfo"), "98 22 0:60 / " + root + " rw - btrfs " + DEVICE + " rw\n");

    assertThatThrownBy(() -> btrfs.mount(DEVICE, STORE))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.step()).isEqualTo(Step.MOUNT_FILESYSTEM));
  }

  @Test
  void mountsWithNoatimeOnThePrivateMountPointAndUnmountsOnClose() {
    MountedFilesystem fs = mounted();
    runner.expect("umount " + root);

    assertThat(fs.root()).isEqualTo(root).isDirectory();
    fs.close();
    fs.close();
    assertThat(root).doesNotExist();
    assertThat(runner.seen().get(0).timeLimit()).isEqualTo(Command.TimeLimit.QUICK);
    assertThat(runner.seen().get(1).timeLimit())
        .as("umount flushes the cache")
        .isEqualTo(Command.TimeLimit.NONE);
  }

  @Test
  void managesSubvolumesWithTheBtrfsTool() {
    MountedFilesystem fs = mounted();
    runner.expect("btrfs subvolume create " + root.resolve("home.0"));
    runner.expect(
        "btrfs subvolume snapshot -r " + root.resolve("home.0") + " " + root.resolve("home.1"));
    runner.expect("btrfs subvolume delete " + root.resolve("home.3"));

    fs.createSubvolume("home.0");
    fs.snapshotReadOnly("home.0", "home.1");
    fs.deleteSubvolume("home.3");
  }

  @Test
  void neverSnapshotsIntoAnExistingDirectory() throws IOException {
    MountedFilesystem fs = mounted();
    Files.createDirectory(root.resolve("home.1"));

    assertThatThrownBy(() -> fs.snapshotReadOnly("home.0", "home.1"))
        .isInstanceOfSatisfying(
            StepFailedException.class,
            e -> assertThat(e.step()).isEqualTo(Step.SNAPSHOT_SUBVOLUME));
  }

  @Test
  void refusesNamesOutsideTheTopDirectory() {
    MountedFilesystem fs = mounted();

    assertThatThrownBy(() -> fs.deleteSubvolume("../etc")).isInstanceOf(StepFailedException.class);
    assertThatThrownBy(() -> fs.readState("a/b")).isInstanceOf(StepFailedException.class);
    assertThatThrownBy(() -> fs.writeState("..", "x")).isInstanceOf(StepFailedException.class);
  }

  @Test
  void readsAndReplacesStateFilesLeavingNoTemporaryFiles() throws IOException {
    MountedFilesystem fs = mounted();

    assertThat(fs.readState("home.last")).isEmpty();
    runner.expect("btrfs filesystem sync " + root);
    fs.writeState("home.last", "100\n");
    runner.expect("btrfs filesystem sync " + root);
    fs.writeState("home.last", "200\n");

    assertThat(fs.readState("home.last")).contains("200\n");
    try (var files = Files.list(root)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("home.last");
    }
  }

  @Test
  void aStateFileIsWrittenOnlyAfterEverythingBeforeItIsCommitted() throws IOException {
    MountedFilesystem fs = mounted();
    runner
        .expect("btrfs filesystem sync " + root)
        .fails(1, "ERROR: Could not sync filesystem: Input/output error");

    assertThatThrownBy(() -> fs.writeState("home.sync", "complete 1\n"))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.step()).isEqualTo(Step.WRITE_STATE));
    try (var files = Files.list(root)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void renamesRefusingAnExistingTarget() throws IOException {
    MountedFilesystem fs = mounted();
    Files.createDirectory(root.resolve("home.0"));
    Files.createDirectory(root.resolve("home.2"));

    fs.rename("home.0", "home.1");
    assertThat(root.resolve("home.1")).isDirectory();
    assertThatThrownBy(() -> fs.rename("home.1", "home.2"))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.step()).isEqualTo(Step.RENAME_SUBVOLUME));
    assertThat(root.resolve("home.1")).isDirectory();
  }

  @Test
  void tellsFilesFromOtherEntries() throws IOException {
    MountedFilesystem fs = mounted();
    Files.writeString(root.resolve("home.last"), "1");
    Files.writeString(root.resolve(".home.sync" + BtrfsFilesystem.TEMP_SUFFIX), "left by a crash");
    Files.createDirectory(root.resolve("plain-dir"));

    assertThat(fs.entries())
        .extracting(e -> e.name() + ":" + e.kind())
        .containsExactly("home.last:FILE", "plain-dir:OTHER");
  }

  @Test
  void cleanUpUnmountsOnlyThisStoresMountPointWhenMounted() throws IOException {
    Files.writeString(
        temp.resolve("mountinfo"),
        "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n" + "98 22 0:60 / " + root + " rw,noatime - btrfs "
            + DEVICE + " rw\n");
    runner.expect("umount " + root);

    btrfs.cleanUp(STORE);
  }

  @Test
  void cleanUpDoesNothingWhenNothingIsMounted() {
    btrfs.cleanUp(STORE);

    assertThat(runner.seen()).isEmpty();
  }

  @Test
  void anUnmountThatFailsForAnotherReasonIsNotRetried() {
    MountedFilesystem fs = mounted();
    runner.expect("umount " + root).fails(1, "umount: " + root + ": some I/O error");

    assertThatThrownBy(fs::close).isInstanceOfSatisfying(StepFailedException.class, e -> {
      assertThat(e.step()).isEqualTo(Step.UNMOUNT_FILESYSTEM);
      assertThat(e.getMessage()).contains("some I/O error");
    });
  }

  @Test
  void entriesOfAnEmptyFilesystemAreEmpty() {
    assertThat(mounted().entries()).isEqualTo(List.of());
  }
}
