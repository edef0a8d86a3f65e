package dev.mnemosyne.core;

/**
 * A little heap set aside while a command runs, given back when the heap runs out, so that
 * the teardown after an {@link OutOfMemoryError} (unmounting, closing the volume, building
 * the report) has room to run.
 */
final class HeapReserve {
  private static final int BYTES = 1 << 20;
  private static volatile byte[] reserve = new byte[BYTES];

  private HeapReserve() {}

  /** Gives the reserve back to the heap. */
  static void release() {
    reserve = null;
  }

  /** Sets the reserve aside again if it was given back and there is room for it now. */
  static void renew() {
    if (reserve == null) {
      try {
        reserve = new byte[BYTES];
      } catch (OutOfMemoryError stillShort) {
        // Nothing to set aside; the next failure tears down without it.
      }
    }
  }
}
