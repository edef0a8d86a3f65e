package dev.mnemosyne.adapters.linux;

import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.port.RemoteMount;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RemoteMountContract;
import dev.mnemosyne.testkit.RequiresCapability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The block remote against a real ext4 filesystem on a loop device, mounted by {@code UUID=}. */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.EXT4})
class RealBlockRemoteMountTest extends RemoteMountContract {
  @RegisterExtension static final RealHost host = new RealHost();

  private Path device;

  @Override
  protected RemoteMount remoteMount() {
    return new LinuxRemoteMount(host.context(Duration.ofMinutes(2)), new MountTable(MountTable.MOUNTINFO));
  }

  @Override
  protected Remote remote() {
    device = host.newLoopDevice("ext4", 16L << 20);
    return new Remote.Block("UUID=" + host.makeExt4(device), List.of("noatime"));
  }

  @Override
  protected void releaseRemote(Remote remote) {
    host.detach(device);
  }
}
