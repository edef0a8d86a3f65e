package dev.mnemosyne.adapters.linux;

import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import dev.mnemosyne.testkit.SnapshotFilesystemContract;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The btrfs adapter against real btrfs, in an image file on a loop device. */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class RealBtrfsFilesystemTest extends SnapshotFilesystemContract {
  @RegisterExtension
  static final RealHost host = new RealHost();

  private final FreshDevices freshDevices = new FreshDevices();

  @Override
  protected SnapshotFilesystem snapshotFilesystem() {
    return new BtrfsFilesystem(
        host.contextWithoutPauses(Duration.ofMinutes(2)),
        freshDevices,
        new MountTable(MountTable.MOUNTINFO));
  }

  @Override
  protected Path newDevice() {
    Path device = host.newLoopDevice("btrfs", 160L << 20);
    freshDevices.created(device);
    return device;
  }

  /** Extends the loop device's backing file and tells the loop device ({@code losetup -c}). */
  @Override
  protected boolean growDevice(Path device, long sizeBytes) throws IOException {
    Path backing = Path.of(Files.readString(
            Path.of("/sys/block", device.getFileName().toString(), "loop", "backing_file"))
        .strip());
    try (RandomAccessFile file = new RandomAccessFile(backing.toFile(), "rw")) {
      file.setLength(sizeBytes);
    }
    RealHost.run("losetup", "-c", device.toString());
    return true;
  }

  @Override
  protected void releaseDevice(Path device) {
    host.detach(device);
  }
}
