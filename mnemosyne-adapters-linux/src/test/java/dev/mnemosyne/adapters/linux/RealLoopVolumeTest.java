package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.SnapshotFilesystem.Entry;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.core.port.VolumeKey;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An unencrypted store on real loop devices: attach, format with btrfs, detach, and clean up after a crash. */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class RealLoopVolumeTest {
  @RegisterExtension
  static final RealHost host = new RealHost();

  private static final StoreId STORE = new StoreId("loop-test-1234abcd");

  private AdapterContext context;
  private final FreshDevices freshDevices = new FreshDevices();
  private LinuxEncryptedVolume volume;
  private BtrfsFilesystem btrfs;
  private Path image;

  @BeforeEach
  void setUp() {
    context = host.context(Duration.ofMinutes(2));
    volume = new LinuxEncryptedVolume(
        context, freshDevices, LinuxEncryptedVolume.MAPPER, Path.of("/sys/block"));
    btrfs = new BtrfsFilesystem(context, freshDevices, new MountTable(MountTable.MOUNTINFO));
    image = host.newDirectory("nas").resolve("store.img");
  }

  @Test
  void anUnencryptedStoreIsAttachedFormattedMountedAndDetached() {
    volume.format(image, 160L << 20, VolumeKey.none());
    Path device;
    try (OpenVolume open = volume.open(image, VolumeKey.none(), STORE)) {
      device = open.device();
      assertThat(RealHost.isAttached(device)).isTrue();
      assertThat(freshDevices.isFresh(device)).isTrue();
      btrfs.makeFilesystem(device, "mnemosyne");
      try (MountedFilesystem fs = btrfs.mount(device, STORE)) {
        fs.createSubvolume("docs.0");
        assertThat(fs.entries()).containsExactly(new Entry("docs.0", Entry.Kind.SUBVOLUME, false));
      }
    }
    assertThat(context.storeDirectory(STORE).resolve("loop")).doesNotExist();
    assertThat(host.loopDevicesBelow()).isEmpty();
  }

  @Test
  void cleanUpDetachesTheLoopDeviceACrashedRunLeft() {
    volume.format(image, 32L << 20, VolumeKey.none());
    Path device = volume.open(image, VolumeKey.none(), STORE).device();

    volume.cleanUp(STORE);

    assertThat(host.loopDevicesBelow()).isEmpty();
    assertThat(context.storeDirectory(STORE).resolve("loop")).doesNotExist();
    volume.cleanUp(STORE);
    assertThat(device).isNotNull();
  }

  @Test
  void cleanUpLeavesALoopDeviceThatNowBacksAnotherFile() throws Exception {
    volume.format(image, 32L << 20, VolumeKey.none());
    Path device = volume.open(image, VolumeKey.none(), STORE).device();
    String record = Files.readString(context.storeDirectory(STORE).resolve("loop"));
    RealHost.run("losetup", "-d", device.toString());
    Path other = host.sparseFile("other", 32L << 20);
    Path reused = host.attachLoop(other);
    // Make the record point at the device that now holds someone else's file.
    Files.writeString(
        context.storeDirectory(STORE).resolve("loop"),
        record.replace(device.toString(), reused.toString()));

    volume.cleanUp(STORE);

    assertThat(RealHost.isAttached(reused)).isTrue();
    assertThat(context.storeDirectory(STORE).resolve("loop")).doesNotExist();
    host.detach(reused);
  }

  @Test
  void makingAFilesystemOverAnExistingOneNeedsAFreshDevice() {
    Path device = host.newLoopDevice("used", 160L << 20);
    RealHost.run("mkfs.btrfs", "-q", device.toString());

    assertThatThrownBy(() -> btrfs.makeFilesystem(device, "mnemosyne"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("mkfs.btrfs");
  }
}
