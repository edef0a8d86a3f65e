package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A program a backup runs before it mounts anything ({@link Phase#BEFORE}) or after it tore
 * everything down ({@link Phase#AFTER}): an absolute executable and its arguments, never a
 * shell line, stopped with everything it started when it runs longer than {@code timeout}.
 */
public record Hook(List<String> command, Duration timeout) {
  /** The time limit of a hook that names none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
  /** The longest time limit a hook may have. */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(7);

  /** When a hook runs. */
  public enum Phase {
    /** After the store's lock is taken, before anything is mounted; its failure stops the run. */
    BEFORE,
    /** After the run is torn down, with its outcome, before the lock is released. */
    AFTER;

    /** {@code before} or {@code after}, as the configuration and the hook's environment name it. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Hook {
    command = List.copyOf(command);
    requireNonNull(timeout, "timeout");
    checkArgument(!command.isEmpty(), "a hook needs a command");
    checkArgument(
        Path.of(command.get(0)).isAbsolute(),
        "a hook's program (%s) must be an absolute path",
        command.get(0));
    checkArgument(
        !timeout.isNegative() && !timeout.isZero() && timeout.compareTo(MAX_TIMEOUT) <= 0,
        "a hook's timeout (%s) must be positive and at most %s",
        timeout,
        MAX_TIMEOUT);
  }

  /** The program to run. */
  public Path executable() {
    return Path.of(command.get(0));
  }

  /** The arguments after the program. */
  public List<String> arguments() {
    return command.subList(1, command.size());
  }
}
