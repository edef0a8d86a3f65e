package dev.mnemosyne.adapters.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.exec.ProcessDestroyer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps hold of the process Commons Exec starts (it reports it as a {@link ProcessDestroyer})
 * so that the process can be stopped together with everything it started: the stock watchdog
 * stops only the direct child, and a grandchild keeps working and keeps the output pipes open.
 * A stop asked for before the process was known takes effect as soon as it is.
 */
final class ProcessTree implements ProcessDestroyer {
  private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);
  /** How long processes get to exit after SIGTERM before they get SIGKILL. */
  static final Duration GRACE = Duration.ofSeconds(2);
  /** How long to wait for killed processes to disappear. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private static final Duration POLL = Duration.ofMillis(20);

  private Process process;
  private boolean stopRequested;

  @Override
  public synchronized boolean add(Process started) {
    this.process = started;
    if (stopRequested) {
      stop(started);
    }
    return true;
  }

  @Override
  public synchronized boolean remove(Process finished) {
    return finished == process;
  }

  @Override
  public synchronized int size() {
    return process == null ? 0 : 1;
  }

  /** The process, once started. */
  synchronized Optional<Process> process() {
    return Optional.ofNullable(process);
  }

  /** Stops the process and all its descendants: SIGTERM, then SIGKILL after a grace period. */
  synchronized void stopAll() {
    stopRequested = true;
    if (process != null) {
      stop(process);
    }
  }

  private static void stop(Process root) {
    List<ProcessHandle> all = family(root.toHandle());
    all.forEach(ProcessHandle::destroy);
    awaitExit(all, GRACE);
    // A process may have started children after the first look, or ignored SIGTERM.
    List<ProcessHandle> remaining = new ArrayList<>(family(root.toHandle()));
    all.stream()
        .filter(p -> !hasEnded(p))
        .filter(p -> !remaining.contains(p))
        .forEach(remaining::add);
    remaining.removeIf(ProcessTree::hasEnded);
    if (!remaining.isEmpty()) {
      log.debug("killing {} processes that outlived SIGTERM", remaining.size());
      remaining.forEach(ProcessHandle::destroyForcibly);
      awaitExit(remaining, KILL_WAIT);
    }
  }

  /** The descendants, deepest first, then the root itself. */
  private static List<ProcessHandle> family(ProcessHandle root) {
    List<ProcessHandle> family = new ArrayList<>(root.descendants().toList());
    java.util.Collections.reverse(family);
    if (root.isAlive()) {
      family.add(root);
    }
    return family;
  }

  /**
   * Waits until every process has ended. A process that is not this JVM's child is reaped by
   * init, sometimes only seconds later; as a zombie it is dead already and counts as ended.
   */
  private static void awaitExit(List<ProcessHandle> processes, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (processes.stream().anyMatch(p -> !hasEnded(p))) {
      if (System.nanoTime() > deadline) {
        return;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Whether a process has ended: it is gone, or a zombie waiting to be reaped. */
  static boolean hasEnded(ProcessHandle process) {
    if (!process.isAlive()) {
      return true;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      int end = stat.lastIndexOf(')');
      return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
    } catch (IOException e) {
      return true;
    }
  }
}
