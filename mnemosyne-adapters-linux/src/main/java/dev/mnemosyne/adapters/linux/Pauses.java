package dev.mnemosyne.adapters.linux;

import java.time.Duration;

/** Waits between retries; tests replace it so that retries cost no time. */
interface Pauses {
  Pauses REAL = Pauses::sleep;

  /** Waits for {@code duration}; an interrupt ends the wait early and stays set. */
  void pause(Duration duration);

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
