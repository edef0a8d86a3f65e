package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.Stage;
import dev.mnemosyne.core.port.SubvolumeDetails;
import java.time.Instant;
import java.util.Optional;

/**
 * One stage of a store as {@code list} finds it. {@code time} is when a history stage was
 * taken (its snapshot's creation time) or when the last sync into the live stage ended;
 * {@code lastSyncComplete} is known for the live stage only (and not for a store made by the
 * original tool). Sizes come from the filesystem, where it can tell. {@code retention} is what
 * the store's retention policy says of a history stage, if it has one.
 */
public record StageListing(
    Stage stage,
    Optional<Instant> time,
    Optional<Boolean> lastSyncComplete,
    boolean readOnly,
    SubvolumeDetails details,
    Optional<RetentionMark> retention) {
  /** A stage of a store without a retention policy. */
  public StageListing(
      Stage stage,
      Optional<Instant> time,
      Optional<Boolean> lastSyncComplete,
      boolean readOnly,
      SubvolumeDetails details) {
    this(stage, time, lastSyncComplete, readOnly, details, Optional.empty());
  }

  public StageListing {
    requireNonNull(retention, "retention");
    requireNonNull(stage, "stage");
    requireNonNull(time, "time");
    requireNonNull(lastSyncComplete, "lastSyncComplete");
    requireNonNull(details, "details");
  }
}
