package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one output stream of a process into its sink until the stream ends, in large reads.
 * Once the process has printed more than {@value #PACE_AFTER_BYTES} bytes, the pump waits
 * {@link #PAUSE} after every read that emptied the pipe, so that a process that prints a line at a
 * time (rsync's progress: a line per file, tens of thousands in a run) is read in a few hundred
 * reads instead of one per line, each of which woke a thread. A pipe holds 64 KiB, far more than
 * rsync prints in a pause, so the process does not wait for the pump; short outputs are read as
 * soon as they come, without a pause.
 */
final class PacedPump implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(PacedPump.class);
  static final int PACE_AFTER_BYTES = 64 * 1024;
  static final Duration PAUSE = Duration.ofMillis(20);
  static final int READ_BYTES = 64 * 1024;

  /** Waits between two reads; the runner's is {@link Thread#sleep}. */
  @FunctionalInterface
  interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  private final InputStream in;
  private final OutputStream sink;
  private final Pause pause;

  PacedPump(InputStream in, OutputStream sink, Pause pause) {
    this.in = requireNonNull(in, "in");
    this.sink = requireNonNull(sink, "sink");
    this.pause = requireNonNull(pause, "pause");
  }

  /** A daemon thread that pumps {@code in} into {@code sink}, pausing with {@link Thread#sleep}. */
  static Thread thread(InputStream in, OutputStream sink) {
    Thread thread =
        new Thread(new PacedPump(in, sink, pause -> Thread.sleep(pause.toMillis())), "output-pump");
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[READ_BYTES];
    long total = 0;
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sink.write(buffer, 0, n);
        total += n;
        if (total > PACE_AFTER_BYTES && n < buffer.length) {
          pause.pause(PAUSE);
        }
      }
    } catch (IOException e) {
      // The stream was closed under the pump (the process was stopped): what came is kept.
      log.debug("output stream ended: {}", e.toString());
    } catch (InterruptedException e) {
      // Stopped by the stream handler: the process is gone and its output was waited for long
      // enough.
      Thread.currentThread().interrupt();
    }
  }
}
