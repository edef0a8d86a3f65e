package dev.mnemosyne.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Releases whatever a failed test left mounted or attached under its temporary directory. */
final class HostCleanup {
  private HostCleanup() {}

  static void release(Path dir) throws IOException, InterruptedException {
    List<String> mounts = TestConfigs.mountsUnder(dir);
    for (int i = mounts.size() - 1; i >= 0; i--) {
      run("umount", "-l", mounts.get(i).split(" ")[1]);
    }
    for (String loop : TestConfigs.loopsUnder(dir)) {
      run("losetup", "-d", loop.trim().split("\\s+")[0]);
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
