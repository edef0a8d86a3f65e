package dev.mnemosyne.cli;

import dev.mnemosyne.adapters.linux.LinuxAdapters;
import dev.mnemosyne.core.port.Backend;

/** Wires the Linux adapters: mount, mount.cifs, cryptsetup, losetup, btrfs and rsync. */
final class LinuxWiring implements Adapters {
  @Override
  public Backend backend(Settings settings) {
    LinuxAdapters.Builder adapters =
        LinuxAdapters.builder().runtimeDirectory(settings.runtimeDirectory());
    if (settings.dryRun()) {
      adapters.dryRun(settings.commands());
    } else {
      adapters.commandLog(settings.commands());
    }
    return adapters.build();
  }
}
