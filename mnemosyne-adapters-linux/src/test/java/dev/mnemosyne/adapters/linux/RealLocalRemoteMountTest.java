package dev.mnemosyne.adapters.linux;

import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.port.RemoteMount;
import dev.mnemosyne.testkit.RemoteMountContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The local remote: a directory used as it is. */
class RealLocalRemoteMountTest extends RemoteMountContract {
  @RegisterExtension
  static final RealHost host = new RealHost();

  @Override
  protected RemoteMount remoteMount() {
    return new LinuxRemoteMount(
        host.context(Duration.ofMinutes(2)), new MountTable(MountTable.MOUNTINFO));
  }

  @Override
  protected Remote remote() {
    Path share = host.newDirectory("share");
    return new Remote.Local(share);
  }
}
