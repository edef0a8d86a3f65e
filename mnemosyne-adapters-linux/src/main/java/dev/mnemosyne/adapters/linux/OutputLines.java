package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a process's output stream, splits it into lines at {@code \n} and {@code \r}
 * (progress lines end with a bare {@code \r}), hands each non-empty line to a consumer, and
 * keeps only a bounded tail of the most recent lines. Memory stays bounded whatever the
 * process prints: over-long lines are cut.
 */
final class OutputLines extends OutputStream {
  private static final Logger log = LoggerFactory.getLogger(OutputLines.class);
  static final int MAX_LINE_BYTES = 8 * 1024;
  static final int TAIL_LINES = 50;
  static final int TAIL_CHARS = 8 * 1024;

  private final Consumer<String> consumer;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final Deque<String> tail = new ArrayDeque<>();
  private int tailChars;

  OutputLines(Consumer<String> consumer) {
    this.consumer = requireNonNull(consumer, "consumer");
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n' || b == '\r') {
      endLine();
    } else {
      line.write(b);
      if (line.size() >= MAX_LINE_BYTES) {
        endLine();
      }
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    // By runs between line ends, not byte by byte: rsync's progress alone is megabytes in a run.
    int start = offset;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n' || bytes[i] == '\r') {
        append(bytes, start, i - start);
        endLine();
        start = i + 1;
      }
    }
    append(bytes, start, end - start);
  }

  /** Adds bytes that hold no line end, ending the line wherever it reaches its limit. */
  private void append(byte[] bytes, int from, int count) {
    int next = from;
    int left = count;
    while (left > 0) {
      int n = Math.min(MAX_LINE_BYTES - line.size(), left);
      line.write(bytes, next, n);
      next += n;
      left -= n;
      if (line.size() >= MAX_LINE_BYTES) {
        endLine();
      }
    }
  }

  /** Hands over a last line that had no line end; called once the stream is exhausted. */
  synchronized void finish() {
    endLine();
  }

  /** The most recent lines, at most {@value #TAIL_LINES} of them and about {@value #TAIL_CHARS} characters. */
  synchronized List<String> tail() {
    return List.copyOf(tail);
  }

  private void endLine() {
    if (line.size() == 0) {
      return;
    }
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    tail.addLast(text);
    tailChars += text.length();
    while (tail.size() > TAIL_LINES || (tailChars > TAIL_CHARS && tail.size() > 1)) {
      tailChars -= tail.removeFirst().length();
    }
    try {
      consumer.accept(text);
    } catch (RuntimeException e) {
      // A failing consumer must not stop the draining, or the process blocks on a full pipe.
      log.warn("an output consumer failed: {}", e.toString());
    }
  }
}
