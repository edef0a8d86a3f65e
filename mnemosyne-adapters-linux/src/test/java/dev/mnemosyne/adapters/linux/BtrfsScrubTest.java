package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.ScrubResult;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrub's commands, how its outcome is read, and how it is cancelled when its time is up. */
class BtrfsScrubTest {
  private static final StoreId STORE = new StoreId("backup-1234abcd");
  private static final Path DEVICE = Path.of("/dev/mapper/mnemosyne-backup-1234abcd");

  @TempDir
  Path temp;

  private final ScriptedRunner runner = new ScriptedRunner();
  private MountedFilesystem fs;
  private Path root;

  @BeforeEach
  void mount() throws IOException {
    Path mountinfo = temp.resolve("mountinfo");
    Files.writeString(mountinfo, "22 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n");
    AdapterContext context =
        new AdapterContext(runner, temp.resolve("run"), Optional.empty(), d -> {});
    BtrfsFilesystem btrfs =
        new BtrfsFilesystem(context, new FreshDevices(), new MountTable(mountinfo));
    root = temp.resolve("run").resolve(STORE.value()).resolve("store");
    runner.expect("mount -t btrfs -o noatime " + DEVICE + " " + root);
    fs = btrfs.mount(DEVICE, STORE);
  }

  @AfterEach
  void unmount() {
    runner.expect("umount " + root);
    fs.close();
    runner.assertDone();
  }

  @Test
  void aScrubThatFindsErrorsFinishesAndCountsThem() {
    runner
        .expect("btrfs scrub start -B " + root)
        .prints("Status:           finished", "Error summary:    csum=2", "  Uncorrectable:  2")
        .fails(3);

    ScrubResult result = fs.scrub(Duration.ofHours(1));

    assertThat(result.finished()).isTrue();
    assertThat(result.errors()).isEqualTo(2);
    assertThat(result.summary()).contains("Error summary:    csum=2", "Uncorrectable:  2");
  }

  @Test
  void aScrubThatCannotRunFailsItsStep() {
    runner.expect("btrfs scrub start -B " + root).fails(1, "ERROR: cannot start scrub");

    assertThatThrownBy(() -> fs.scrub(Duration.ofHours(1)))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.step()).isEqualTo(Step.SCRUB));
  }

  @Test
  void aScrubIsCancelledWhenItsTimeIsUpAndReportedUnfinished() {
    CountDownLatch cancelled = new CountDownLatch(1);
    runner
        .expect("btrfs scrub start -B " + root)
        .whileRunning(c -> {
          try {
            assertThat(cancelled.await(5, TimeUnit.MINUTES))
                .as("the scrub was cancelled")
                .isTrue();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        })
        .prints("Status:           aborted", "Error summary:    no errors found");
    runner.expect("btrfs scrub cancel " + root).whileRunning(c -> cancelled.countDown());

    ScrubResult result = fs.scrub(Duration.ofMillis(1));

    assertThat(result.finished()).isFalse();
    assertThat(result.errors()).isZero();
    assertThat(result.summary()).contains("Status:           aborted");
  }
}
