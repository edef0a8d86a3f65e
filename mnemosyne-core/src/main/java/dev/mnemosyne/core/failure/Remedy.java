package dev.mnemosyne.core.failure;

/**
 * What the caller can do about a failure, in machine-readable form: the command or option of
 * the API that would get past it. A front end turns it into its own words (the CLI into a
 * flag to use), so that messages stay free of any one front end's syntax.
 */
public enum Remedy {
  /** Create the store's key file first ({@code Mnemosyne.initKey}). */
  INIT_KEY,
  /** Create the store first ({@code Mnemosyne.initStore}). */
  INIT_STORE,
  /** Run the key change (again) to finish it ({@code Mnemosyne.changeKey}). */
  CHANGE_KEY,
  /** Ask for the restore anyway ({@code RestoreRequest.force()}). */
  FORCE
}
