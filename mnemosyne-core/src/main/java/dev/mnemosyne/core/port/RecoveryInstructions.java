package dev.mnemosyne.core.port;

import dev.mnemosyne.core.model.BackupConfig;

/**
 * Port: the instructions a recovery kit carries (its {@code RECOVERY.md}), telling how to get a
 * store's data back by hand on a fresh machine of this kind, with the kit's key and header copy.
 */
@FunctionalInterface
public interface RecoveryInstructions {

  /** The instructions for {@code config}'s store, as Markdown; never a secret. */
  String text(BackupConfig config);
}
