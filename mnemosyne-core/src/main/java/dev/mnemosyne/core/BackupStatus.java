package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.StageKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What this client knows of a store's backups without mounting it: per configured key, when
 * its last successful backup finished and how old that is, against the age {@code maxAge}
 * that is tolerated.
 */
public record BackupStatus(Duration maxAge, List<KeyStatus> keys) {
  public BackupStatus {
    requireNonNull(maxAge, "maxAge");
    keys = List.copyOf(keys);
  }

  /** Whether every key was backed up successfully within {@code maxAge}. */
  public boolean fresh() {
    return keys.stream().noneMatch(KeyStatus::tooOld);
  }

  /** One key: its last successful backup (empty if none is recorded) and its age then. */
  public record KeyStatus(StageKey key, Optional<Instant> lastSuccess, Optional<Duration> age, boolean tooOld) {
    public KeyStatus {
      requireNonNull(key, "key");
      requireNonNull(lastSuccess, "lastSuccess");
      requireNonNull(age, "age");
    }
  }
}
