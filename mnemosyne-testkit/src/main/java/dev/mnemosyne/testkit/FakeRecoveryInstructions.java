package dev.mnemosyne.testkit;

import dev.mnemosyne.core.RecoveryKit;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.port.RecoveryInstructions;
import java.util.stream.Collectors;

/**
 * The fakes' recovery instructions: a short text naming the store image, its keys and the kit's
 * files, enough for a test to tell that a kit carries the instructions for its own store.
 */
final class FakeRecoveryInstructions implements RecoveryInstructions {
  static final FakeRecoveryInstructions INSTANCE = new FakeRecoveryInstructions();

  private FakeRecoveryInstructions() {}

  @Override
  public String text(BackupConfig config) {
    return "# Recovering the store " + config.store().name() + " (fake)\n\nKeys: "
        + config.directories().stream().map(d -> d.key() + ".0").collect(Collectors.joining(", "))
        + "\nFiles: " + RecoveryKit.KEY_FILE + ", " + RecoveryKit.HEADER_FILE + ", "
        + RecoveryKit.CONFIG_FILE + "\n";
  }
}
