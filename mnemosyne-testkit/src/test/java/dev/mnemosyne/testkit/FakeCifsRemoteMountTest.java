package dev.mnemosyne.testkit;

import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.RemoteMount;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

class FakeCifsRemoteMountTest extends RemoteMountContract {
  @TempDir
  Path root;

  private FakeEnvironment env;

  @Override
  protected RemoteMount remoteMount() {
    env = FakeEnvironment.create(root);
    return env.remoteMount();
  }

  @Override
  protected Remote remote() {
    return env.cifsRemote();
  }

  @Override
  protected Optional<EncryptedVolume> volumesOnTheRemote() {
    return Optional.of(env.encryptedVolume());
  }

  @Override
  protected Handle holdOpen(Path file) {
    return env.holdOpen(file);
  }
}
