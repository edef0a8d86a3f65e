package dev.mnemosyne.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real processes for the reliability tests: stand-in programs put first on a run's PATH,
 * waiting for a sign that a run reached a given point, finding and killing its children.
 */
final class HostProcesses {
  /** How long a test waits for a run to reach a point before it gives up (a hang, not a timing assertion). */
  static final long PATIENCE_SECONDS = 300;

  private HostProcesses() {}

  /** Writes an executable shell script {@code name} into {@code bin}. */
  static Path script(Path bin, String name, String body) {
    try {
      Files.createDirectories(bin);
      Path file = bin.resolve(name);
      Files.writeString(file, "#!/bin/sh\n" + body);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An {@code rsync} that touches {@code started} and then runs the real rsync slowed to a
   * crawl, so that a test can act while it copies; asked only its version, it answers at once.
   */
  static Path slowRsync(Path bin, Path started) {
    return script(
        bin,
        "rsync",
        "[ \"$1\" = --version ] && exec /usr/bin/rsync --version\n" + "touch '" + started
            + "'\nexec /usr/bin/rsync --bwlimit=64 \"$@\"\n");
  }

  /**
   * A {@code btrfs} that runs the real one and, after a command whose arguments contain
   * {@code word}, touches {@code reached} and waits to be killed.
   */
  static Path btrfsStoppingAfter(Path bin, String word, Path reached) {
    return script(
        bin,
        "btrfs",
        "/usr/bin/btrfs \"$@\"\nrc=$?\n" + "case \" $* \" in *\" " + word + " \"*) touch '"
            + reached + "'; exec sleep 3600;; esac\nexit $rc\n");
  }

  /** Starts the command as its own JVM with {@code bin} first on its PATH. */
  static Process start(Path temp, Path bin, Path stderr, String... args) throws IOException {
    ProcessBuilder builder = ProcessRun.builder(temp.resolve("run"), stderr, args);
    builder
        .environment()
        .put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }

  /** Waits until {@code file} exists or {@code process} ended; says which. */
  static boolean awaitFile(Path file, Process process) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (!Files.exists(file)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** The live descendants of {@code process} whose command is {@code program}. */
  static List<ProcessHandle> children(Process process, String program) {
    return process
        .descendants()
        .filter(p -> p.info()
            .command()
            .map(c -> Path.of(c).getFileName().toString().equals(program))
            .orElse(false))
        .collect(Collectors.toList());
  }

  /** Sends {@code signal} (e.g. "INT") to {@code pid}. */
  static void signal(long pid, String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
        .inheritIO()
        .start()
        .waitFor();
  }

  /**
   * SIGKILLs {@code process} and its descendants at once, as the OOM killer, a power cut or
   * systemd's final SIGKILL of the unit's control group would, and waits until they are gone.
   */
  static void killHard(Process process) throws InterruptedException {
    List<ProcessHandle> all = process.descendants().collect(Collectors.toList());
    process.destroyForcibly();
    all.forEach(ProcessHandle::destroyForcibly);
    process.waitFor();
    for (ProcessHandle child : all) {
      child.onExit().join();
    }
  }

  /** Ends {@code process} and its descendants if a failed test left them running. */
  static void reap(Optional<Process> process) throws InterruptedException {
    if (process.isPresent() && process.get().isAlive()) {
      killHard(process.get());
    }
  }

  /** Runs a command to its end and returns its exit code; its output goes to the test's. */
  static int run(String... command) {
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs a command and returns its standard output. */
  static String output(String... command) {
    try {
      Process p = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
