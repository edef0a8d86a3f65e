package dev.mnemosyne.cli;

import dev.mnemosyne.adapters.linux.LinuxAdapters;
import dev.mnemosyne.core.Mnemosyne;

/** Wires the Linux adapters: mount, mount.cifs, cryptsetup, losetup, btrfs and rsync. */
final class LinuxWiring implements Adapters {
  @Override
  public void wire(Mnemosyne.Builder builder, Settings settings) {
    LinuxAdapters.Builder adapters = LinuxAdapters.builder().runtimeDirectory(settings.runtimeDirectory());
    if (settings.dryRun()) {
      adapters.dryRun(settings.commands());
    } else {
      adapters.commandLog(settings.commands());
    }
    LinuxAdapters linux = adapters.build();
    builder.remoteMount(linux.remoteMount())
        .encryptedVolume(linux.encryptedVolume())
        .snapshotFilesystem(linux.snapshotFilesystem())
        .transfer(linux.transfer())
        .hostChecks(linux.hostChecks())
        .runLock(linux.runLock())
        .hookRunner(linux.hookRunner());
  }
}
