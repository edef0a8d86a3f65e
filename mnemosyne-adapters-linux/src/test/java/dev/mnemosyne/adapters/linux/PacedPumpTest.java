package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pump copies every byte in order and pauses only once an output is large and drained. */
class PacedPumpTest {
  private final List<Duration> pauses = new ArrayList<>();
  private final List<Integer> copiedAtPause = new ArrayList<>();
  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

  private static byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    for (int i = 0; i < count; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }

  /** A pipe that hands out at most {@code chunk} bytes a read, as a process writing lines does. */
  private static InputStream inChunks(byte[] data, int chunk) {
    return new InputStream() {
      private int at;

      @Override
      public int read() {
        return at < data.length ? data[at++] & 0xff : -1;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        if (at == data.length) {
          return -1;
        }
        int n = Math.min(Math.min(chunk, length), data.length - at);
        System.arraycopy(data, at, buffer, offset, n);
        at += n;
        return n;
      }
    };
  }

  private void pump(InputStream in) {
    new PacedPump(in, sink, d -> {
          pauses.add(d);
          copiedAtPause.add(sink.size());
        })
        .run();
  }

  @Test
  void aShortOutputIsCopiedWithoutAPause() {
    byte[] data = bytes(PacedPump.PACE_AFTER_BYTES);

    pump(inChunks(data, 80));

    assertThat(sink.toByteArray()).isEqualTo(data);
    assertThat(pauses).isEmpty();
  }

  @Test
  void aLongOutputIsCopiedWholeWithAPauseAfterEachReadPastTheThreshold() {
    byte[] data = bytes(3 * PacedPump.PACE_AFTER_BYTES + 5);

    pump(inChunks(data, 100));

    assertThat(sink.toByteArray()).isEqualTo(data);
    assertThat(copiedAtPause)
        .isNotEmpty()
        .allSatisfy(copied -> assertThat(copied).isGreaterThan(PacedPump.PACE_AFTER_BYTES));
    int readsPastThreshold = 0;
    for (int copied = 0; copied < data.length; ) {
      copied += Math.min(100, data.length - copied);
      if (copied > PacedPump.PACE_AFTER_BYTES) {
        readsPastThreshold++;
      }
    }
    assertThat(readsPastThreshold).isGreaterThan(1000);
    assertThat(pauses).hasSize(readsPastThreshold).containsOnly(PacedPump.PAUSE);
  }

  @Test
  void aReadThatFillsTheBufferIsFollowedByAnotherReadAtOnce() {
    byte[] data = bytes(4 * PacedPump.READ_BYTES);

    pump(inChunks(data, Integer.MAX_VALUE));

    assertThat(sink.toByteArray()).isEqualTo(data);
    assertThat(pauses).isEmpty();
  }

  @Test
  void anInterruptedPauseEndsThePumpAndKeepsTheInterrupt() throws Exception {
    byte[] data = bytes(2 * PacedPump.PACE_AFTER_BYTES);
    List<Boolean> interruptedAfter = new ArrayList<>();
    Thread thread = new Thread(() -> {
      new PacedPump(inChunks(data, 1000), sink, d -> {
            throw new InterruptedException();
          })
          .run();
      interruptedAfter.add(Thread.currentThread().isInterrupted());
    });

    thread.start();
    thread.join();

    assertThat(interruptedAfter).containsExactly(true);
    // The first read past the threshold is copied, then the pause is interrupted.
    assertThat(sink.size()).isEqualTo((PacedPump.PACE_AFTER_BYTES / 1000 + 1) * 1000);
  }

  @Test
  void aStreamClosedUnderThePumpEndsItWithWhatCameBefore() {
    byte[] data = bytes(500);
    InputStream failing = new InputStream() {
      private boolean gave;

      @Override
      public int read() throws IOException {
        throw new IOException("Stream closed");
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (gave) {
          throw new IOException("Stream closed");
        }
        gave = true;
        System.arraycopy(data, 0, buffer, offset, data.length);
        return data.length;
      }
    };

    pump(failing);

    assertThat(sink.toByteArray()).isEqualTo(data);
  }
}
