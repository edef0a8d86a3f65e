package dev.mnemosyne.adapters.linux;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.Secret;
import dev.mnemosyne.core.port.RemoteMount;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RemoteMountContract;
import dev.mnemosyne.testkit.RequiresCapability;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CIFS remote against a real share, where the kernel has CIFS and the share is named by
 * the system properties {@code mnemosyne.test.cifs.volume} ({@code //host/share}),
 * {@code mnemosyne.test.cifs.username} and {@code mnemosyne.test.cifs.password}.
 */
@RequiresCapability({Capability.ROOT, Capability.CIFS})
class RealCifsRemoteMountTest extends RemoteMountContract {
  @RegisterExtension
  static final RealHost host = new RealHost();

  @Override
  protected RemoteMount remoteMount() {
    return new LinuxRemoteMount(
        host.context(Duration.ofMinutes(2)), new MountTable(MountTable.MOUNTINFO));
  }

  @Override
  protected Remote remote() {
    String volume = System.getProperty("mnemosyne.test.cifs.volume", "");
    assumeTrue(
        !volume.isEmpty(),
        "no test share: set mnemosyne.test.cifs.volume (and .username, .password)");
    return new Remote.Cifs(
        volume,
        Optional.ofNullable(System.getProperty("mnemosyne.test.cifs.username")),
        Optional.ofNullable(System.getProperty("mnemosyne.test.cifs.password")).map(Secret::of),
        Optional.empty(),
        List.of());
  }
}
