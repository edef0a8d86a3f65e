package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.model.StateFiles;
import dev.mnemosyne.core.port.SnapshotFilesystem.Entry;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a mnemosyne store's filesystem: it holds the {@link StateFiles#MARKER} marker, or only
 * stages and their state files (a store the original tool made), or nothing at all.
 */
final class StoreMarker {
  private static final Logger log = LoggerFactory.getLogger(StoreMarker.class);

  private final String storeName;
  private final BackupListener listener;

  StoreMarker(String storeName, BackupListener listener) {
    this.storeName = storeName;
    this.listener = listener;
  }

  /** Refuses a filesystem that is not a mnemosyne store; changes nothing. */
  void check(MountedFilesystem fs) {
    List<String> foreign = foreign(fs.entries());
    if (!foreign.isEmpty() && !hasMarker(fs.entries())) {
      throw new RefusedException("the filesystem in store " + storeName
          + " is not a mnemosyne store" + " (no " + StateFiles.MARKER + " marker)");
    }
  }

  /**
   * Refuses a filesystem that is not a mnemosyne store. A store the original tool made (only
   * stages and their {@code .last} files, no marker) or an empty filesystem is adopted: it gets
   * the marker.
   */
  void checkOrAdopt(MountedFilesystem fs) {
    List<Entry> entries = fs.entries();
    if (hasMarker(entries)) {
      return;
    }
    List<String> foreign = foreign(entries);
    if (!foreign.isEmpty()) {
      throw new RefusedException("the filesystem in store " + storeName
          + " is not a mnemosyne store"
          + " (no " + StateFiles.MARKER + " marker, and it holds "
          + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
          + (foreign.size() > 5 ? ", …" : "") + "); refusing to write into it");
    }
    String message = entries.isEmpty()
        ? "the store's filesystem is empty and has no marker; adopting it as a mnemosyne store"
        : "adopting a store made by the original mnemosyne (" + entries.size()
            + " stage and state entries, no marker)";
    log.info(message);
    listener.on(new BackupEvent.Notice(message));
    fs.writeState(StateFiles.MARKER, StateFiles.MARKER_CONTENT);
  }

  private static boolean hasMarker(List<Entry> entries) {
    return entries.stream().anyMatch(e -> e.name().equals(StateFiles.MARKER));
  }

  /** The entries that are neither a stage nor a store's state file, sorted. */
  private static List<String> foreign(List<Entry> entries) {
    return entries.stream()
        .map(Entry::name)
        .filter(n -> !StateFiles.isStoreEntry(n))
        .sorted()
        .collect(Collectors.toList());
  }
}
