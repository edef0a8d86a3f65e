package dev.mnemosyne.cli;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Which signal, if any, asked the run to stop; written by a signal handler, read when the run ends. */
final class StopRequest {
  private final AtomicReference<ExitCode> signal = new AtomicReference<>();

  /** Records a request to stop with {@code code}; returns whether it is the first. */
  boolean request(ExitCode code) {
    return signal.compareAndSet(null, code);
  }

  Optional<ExitCode> requested() {
    return Optional.ofNullable(signal.get());
  }
}
