package dev.mnemosyne.core;

import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.core.port.SpaceUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Reports free space inside the store and on the remote before syncing, and warns when either
 * is nearly full: a sparse image on a share that fills up fails in the middle of a write.
 */
final class SpaceReport {
  /** Warn when less than this fraction is free. */
  static final double LOW = 0.10;

  private SpaceReport() {}

  static void check(
      MountedRemote remote, MountedFilesystem fs, List<String> warnings, BackupListener listener) {
    SpaceUsage store = fs.space();
    SpaceUsage share = remote.space();
    listener.on(new BackupEvent.SpaceMeasured(store, share));
    listener.on(new BackupEvent.Notice(
        "free space: " + describe(store) + " in the store, " + describe(share) + " on the remote"));
    if (store.totalBytes() > 0 && store.freeBytes() < store.totalBytes() * LOW) {
      warn("the store is nearly full: " + describe(store) + " free", warnings, listener);
    }
    if (share.totalBytes() > 0 && share.freeBytes() < share.totalBytes() * LOW) {
      warn(
          "the remote is nearly full (" + describe(share)
              + " free): the store image is sparse and needs room" + " on the remote to grow",
          warnings,
          listener);
    }
  }

  private static void warn(String message, List<String> warnings, BackupListener listener) {
    warnings.add(message);
    listener.on(new BackupEvent.Warning(message));
  }

  static String describe(SpaceUsage usage) {
    return bytes(usage.freeBytes()) + " of " + bytes(usage.totalBytes());
  }

  static String bytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    // %.1f by hand: a Formatter's first use would set up locale data, some 15 ms of a run's start.
    return unit == 0
        ? bytes + " B"
        : BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString() + " "
            + units[unit];
  }
}
