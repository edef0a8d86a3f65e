package dev.mnemosyne.adapters.linux;

import dev.mnemosyne.core.port.RunLock;
import dev.mnemosyne.testkit.RunLockContract;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The file lock against the run lock contract: two instances over one runtime directory. */
class RealRunLockTest extends RunLockContract {
  @TempDir
  static Path runtime;

  @Override
  protected RunLock runLock() {
    return new FileRunLock(new AdapterContext(
        new ScriptedRunner(), runtime.resolve("run"), Optional.empty(), d -> {}));
  }
}
