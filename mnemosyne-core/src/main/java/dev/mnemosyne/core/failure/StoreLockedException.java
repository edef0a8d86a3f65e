package dev.mnemosyne.core.failure;

import dev.mnemosyne.core.model.StoreId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;

/** Another run holds the store's lock; nothing was touched. */
public class StoreLockedException extends MnemosyneException {
  private static final long serialVersionUID = 1L;
  private final transient OptionalLong holderPid;
  private final transient Optional<Instant> since;

  public StoreLockedException(StoreId store, OptionalLong holderPid) {
    this(store, holderPid, Optional.empty());
  }

  /**
   * @param since when the holder took the lock, if known: a run that has held a store for days
   *     is hung, and the message says how to stop it
   */
  public StoreLockedException(StoreId store, OptionalLong holderPid, Optional<Instant> since) {
    super("store " + store + " is in use by another mnemosyne run"
        + (holderPid.isPresent() ? " (pid " + holderPid.getAsLong() + ")" : "")
        + since.map(t -> " since " + t.truncatedTo(ChronoUnit.SECONDS)).orElse("")
        + "; try again when it has finished"
        + (holderPid.isPresent()
            ? ", or stop it if it hangs (kill " + holderPid.getAsLong() + "): the next run"
                + " cleans up after it"
            : ""));
    this.holderPid = holderPid;
    this.since = since;
  }

  /**
   * The store is in use in a way {@code message} explains (e.g. its image is mounted under
   * another configuration), by {@code holderPid} where known; nothing was touched.
   */
  public StoreLockedException(String message, OptionalLong holderPid) {
    super(message);
    this.holderPid = holderPid;
    this.since = Optional.empty();
  }

  /** The process holding the lock, when it could be read. */
  public OptionalLong holderPid() {
    return holderPid;
  }

  /** When the holder took the lock, when it could be read. */
  public Optional<Instant> since() {
    return since;
  }
}
