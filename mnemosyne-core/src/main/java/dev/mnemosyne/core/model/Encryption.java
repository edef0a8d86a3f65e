package dev.mnemosyne.core.model;

/** How the store image is protected. */
public enum Encryption {
  /** LUKS2 with a key file that stays on the client: the default. */
  LUKS,
  /**
   * No encryption: only for targets that are encrypted already. It must be asked for
   * explicitly, and every command that uses such a store warns about it.
   */
  NONE
}
