package dev.mnemosyne.testkit;

import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FakeSnapshotFilesystemTest extends SnapshotFilesystemContract {
  @TempDir
  Path root;

  private FakeEnvironment env;

  @Override
  protected SnapshotFilesystem snapshotFilesystem() {
    env = FakeEnvironment.create(root);
    return env.snapshotFilesystem();
  }

  @Override
  protected Path newDevice() {
    return env.newDevice();
  }

  @Override
  protected boolean growDevice(Path device, long sizeBytes) {
    env.growDevice(device, sizeBytes);
    return true;
  }

  @Override
  protected void writeFile(Path file, String content) throws IOException {
    env.snapshotFilesystem().writeFile(file, content);
  }

  @Override
  protected Handle holdOpen(Path file) {
    return env.holdOpen(file);
  }
}
