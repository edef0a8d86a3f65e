package dev.mnemosyne.testkit;

import dev.mnemosyne.core.port.EncryptedVolume;

class FakeEncryptedVolumeTest extends EncryptedVolumeContract {
  private FakeEnvironment env;

  @Override
  protected EncryptedVolume encryptedVolume() {
    env = FakeEnvironment.create(workDirectory.resolve("environment"));
    return env.encryptedVolume();
  }

  @Override
  protected java.util.Optional<dev.mnemosyne.core.port.SnapshotFilesystem>
      filesystemOnTheVolumes() {
    return java.util.Optional.of(env.snapshotFilesystem());
  }

  @Override
  protected java.util.Optional<Long> deviceSize(java.nio.file.Path device) {
    return java.util.Optional.of(env.deviceSize(device));
  }
}
