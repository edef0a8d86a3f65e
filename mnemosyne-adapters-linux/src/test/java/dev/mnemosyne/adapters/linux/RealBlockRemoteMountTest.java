package dev.mnemosyne.adapters.linux;

import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.RemoteMount;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RemoteMountContract;
import dev.mnemosyne.testkit.RequiresCapability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The block remote against a real ext4 filesystem on a loop device, mounted by {@code UUID=}. */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.EXT4})
class RealBlockRemoteMountTest extends RemoteMountContract {
  @RegisterExtension
  static final RealHost host = new RealHost();

  private Path device;

  @Override
  protected RemoteMount remoteMount() {
    return new LinuxRemoteMount(
        host.contextWithoutPauses(Duration.ofMinutes(2)), new MountTable(MountTable.MOUNTINFO));
  }

  /** Unencrypted images on the ext4 remote, attached to loop devices. */
  @Override
  protected Optional<EncryptedVolume> volumesOnTheRemote() {
    return Optional.of(new LinuxEncryptedVolume(
        host.context(Duration.ofMinutes(2)),
        new FreshDevices(),
        LinuxEncryptedVolume.MAPPER,
        Path.of("/sys/block")));
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
