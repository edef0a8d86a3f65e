package dev.mnemosyne.testkit;

import dev.mnemosyne.core.port.EncryptedVolume;

class FakeEncryptedVolumeTest extends EncryptedVolumeContract {
  @Override
  protected EncryptedVolume encryptedVolume() {
    return FakeEnvironment.create(workDirectory.resolve("environment")).encryptedVolume();
  }
}
