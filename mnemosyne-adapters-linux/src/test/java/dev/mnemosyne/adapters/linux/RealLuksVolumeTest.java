package dev.mnemosyne.adapters.linux;

import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.EncryptedVolumeContract;
import dev.mnemosyne.testkit.RequiresCapability;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The LUKS adapter against real cryptsetup: formatting and key checks work on a LUKS2 header
 * in a plain file; opening needs device-mapper, and those tests skip where it is missing (they
 * run, and must pass, where {@code mnemosyne.require.capabilities} lists dm-crypt).
 */
@RequiresCapability({Capability.ROOT, Capability.CRYPTSETUP})
class RealLuksVolumeTest extends EncryptedVolumeContract {
  @RegisterExtension static final RealHost host = new RealHost();

  @Override
  protected EncryptedVolume encryptedVolume() {
    return new LinuxEncryptedVolume(host.context(Duration.ofMinutes(2)), new FreshDevices(),
        LinuxEncryptedVolume.MAPPER, java.nio.file.Path.of("/sys/block"));
  }

  @Override
  protected boolean canOpen() {
    return Capability.DM_CRYPT.isPresent() || Capability.DM_CRYPT.isRequired();
  }
}
