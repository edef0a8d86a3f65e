package dev.mnemosyne.core;

/** Receives a run's events as they happen, on the thread that runs it. Must not throw. */
@FunctionalInterface
public interface BackupListener {
  /** A listener that ignores everything. */
  BackupListener NONE = event -> {};

  void on(BackupEvent event);
}
