package dev.mnemosyne.testkit;

import dev.mnemosyne.core.port.RunLock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FakeRunLockTest extends RunLockContract {
  @TempDir
  Path root;

  private FakeEnvironment env;

  @Override
  protected RunLock runLock() {
    if (env == null) {
      env = FakeEnvironment.create(root);
    }
    return env.runLock();
  }
}
