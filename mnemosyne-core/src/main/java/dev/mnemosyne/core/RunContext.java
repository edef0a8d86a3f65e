package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * What every use case shares: who hears the run's events, the clock, and whether the backend
 * only describes (then the use cases write nothing of their own either).
 */
record RunContext(BackupListener listener, Clock clock, boolean dryRun) {
  RunContext {
    requireNonNull(listener, "listener");
    requireNonNull(clock, "clock");
  }
}
