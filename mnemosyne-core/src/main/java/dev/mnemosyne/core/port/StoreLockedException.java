package dev.mnemosyne.core.port;

import dev.mnemosyne.core.model.MnemosyneException;
import dev.mnemosyne.core.model.StoreId;
import java.util.OptionalLong;

/** Another run holds the store's lock; nothing was touched. */
public class StoreLockedException extends MnemosyneException {
  private static final long serialVersionUID = 1L;
  private final transient OptionalLong holderPid;

  public StoreLockedException(StoreId store, OptionalLong holderPid) {
    super("store " + store + " is in use by another mnemosyne run"
        + (holderPid.isPresent() ? " (pid " + holderPid.getAsLong() + ")" : "")
        + "; try again when it has finished");
    this.holderPid = holderPid;
  }

  /** The process holding the lock, when it could be read. */
  public OptionalLong holderPid() {
    return holderPid;
  }
}
