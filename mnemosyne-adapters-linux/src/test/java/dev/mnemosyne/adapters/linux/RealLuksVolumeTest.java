package dev.mnemosyne.adapters.linux;

import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.EncryptedVolumeContract;
import dev.mnemosyne.testkit.RequiresCapability;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The LUKS adapter against real cryptsetup: formatting and key checks work on a LUKS2 header
 * in a plain file; opening needs device-mapper, and those tests skip where it is missing (they
 * run, and must pass, where {@code mnemosyne.require.capabilities} lists dm-crypt).
 */
@RequiresCapability({Capability.ROOT, Capability.CRYPTSETUP})
class RealLuksVolumeTest extends EncryptedVolumeContract {
  @RegisterExtension
  static final RealHost host = new RealHost();

  private final FreshDevices freshDevices = new FreshDevices();

  @Override
  protected EncryptedVolume encryptedVolume() {
    return new LinuxEncryptedVolume(
        host.contextWithoutPauses(Duration.ofMinutes(2)),
        freshDevices,
        LinuxEncryptedVolume.MAPPER,
        java.nio.file.Path.of("/sys/block"));
  }

  @Override
  protected boolean canOpen() {
    return Capability.DM_CRYPT.isPresent() || Capability.DM_CRYPT.isRequired();
  }

  /** An unencrypted image is attached to a loop device: no device-mapper needed. */
  @Override
  protected boolean canOpenUnencrypted() {
    return Capability.LOOP.isPresent() || Capability.LOOP.isRequired();
  }

  /** Real btrfs on the volumes' devices, where the host has it. */
  @Override
  protected Optional<SnapshotFilesystem> filesystemOnTheVolumes() {
    if (!Capability.BTRFS.isPresent() && !Capability.BTRFS.isRequired()) {
      return Optional.empty();
    }
    return Optional.of(new BtrfsFilesystem(
        host.context(Duration.ofMinutes(2)), freshDevices, new MountTable(MountTable.MOUNTINFO)));
  }
}
