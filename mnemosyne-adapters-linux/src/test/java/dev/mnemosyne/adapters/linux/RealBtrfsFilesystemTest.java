package dev.mnemosyne.adapters.linux;

import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import dev.mnemosyne.testkit.SnapshotFilesystemContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The btrfs adapter against real btrfs, in an image file on a loop device. */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class RealBtrfsFilesystemTest extends SnapshotFilesystemContract {
  @RegisterExtension static final RealHost host = new RealHost();

  private final FreshDevices freshDevices = new FreshDevices();

  @Override
  protected SnapshotFilesystem snapshotFilesystem() {
    return new BtrfsFilesystem(host.context(Duration.ofMinutes(2)), freshDevices, new MountTable(MountTable.MOUNTINFO));
  }

  @Override
  protected Path newDevice() {
    Path device = host.newLoopDevice("btrfs", 160L << 20);
    freshDevices.created(device);
    return device;
  }

  @Override
  protected void releaseDevice(Path device) {
    host.detach(device);
  }
}
