package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/** The recovery kit {@code exportRecoveryKit} wrote: its directory and the files in it. */
public record RecoveryKit(Path directory, List<Path> files) {
  /** The copy of the key file. */
  public static final String KEY_FILE = "store.key";
  /** The copy of the store image's LUKS header. */
  public static final String HEADER_FILE = "luks-header.img";
  /** The number and salt of the LUKS key slot that the kit's key opens. */
  public static final String KEY_SLOT_FILE = "key-slot";
  /** The configuration, secrets removed. */
  public static final String CONFIG_FILE = "config.json";
  /** The manual steps to get the data back with plain Linux commands. */
  public static final String INSTRUCTIONS_FILE = "RECOVERY.md";

  public RecoveryKit {
    requireNonNull(directory, "directory");
    files = List.copyOf(files);
  }
}
