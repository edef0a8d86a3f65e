package dev.mnemosyne.core.port;

import static com.google.common.base.Preconditions.checkArgument;

/** What a transfer saw and did: files and bytes in the source, and how many it copied or deleted. */
public record TransferStats(
    long files, long filesTransferred, long filesDeleted, long bytes, long bytesTransferred) {
  public static final TransferStats NONE = new TransferStats(0, 0, 0, 0, 0);

  public TransferStats {
    checkArgument(
        files >= 0
            && filesTransferred >= 0
            && filesDeleted >= 0
            && bytes >= 0
            && bytesTransferred >= 0,
        "transfer counts must not be negative");
  }

  /** These counts and {@code other}'s, added up (the totals of several transfers). */
  public TransferStats plus(TransferStats other) {
    return new TransferStats(
        files + other.files,
        filesTransferred + other.filesTransferred,
        filesDeleted + other.filesDeleted,
        bytes + other.bytes,
        bytesTransferred + other.bytesTransferred);
  }
}
