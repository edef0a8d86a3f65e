package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.mnemosyne.core.Mnemosyne;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's share of the real host: a fresh directory under {@code /tmp}, sparse image
 * files, loop devices and ext4 filesystems on them. After each test it unmounts whatever is
 * mounted below its directory and detaches every loop device backed by a file below it, even
 * when the test failed; after the class it asserts that nothing of its own is left mounted or
 * attached, and removes its directory. It runs the tools itself, not through the code under test.
 *
 * <pre>{@code @RegisterExtension static final RealHost host = new RealHost();}</pre>
 */
final class RealHost implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private Path directory;
  private int counter;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    directory = Files.createTempDirectory("mnemosyne-test-");
  }

  /** A new, empty directory for a test. */
  Path newDirectory(String name) {
    try {
      return Files.createDirectory(directory.resolve(name + "-" + ++counter));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Mnemosyne over the real Linux adapters, in a runtime directory of its own, on {@code clock}.
   */
  Mnemosyne mnemosyne(Clock clock) {
    return Mnemosyne.builder(LinuxAdapters.builder()
            .runtimeDirectory(newDirectory("runtime").resolve("run"))
            .commandTimeout(Duration.ofMinutes(2))
            .build())
        .clock(clock)
        .build();
  }

  /** A sparse file of {@code size} bytes. */
  Path sparseFile(String name, long size) {
    Path file = newDirectory(name).resolve(name + ".img");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Attaches {@code image} to a free loop device. */
  Path attachLoop(Path image) {
    return Path.of(run("losetup", "--find", "--show", image.toString()).trim());
  }

  /** A loop device over a fresh sparse file of {@code size} bytes. */
  Path newLoopDevice(String name, long size) {
    return attachLoop(sparseFile(name, size));
  }

  /** Detaches a loop device attached with {@link #attachLoop}. */
  void detach(Path device) {
    run("losetup", "-d", device.toString());
  }

  /** Makes an ext4 filesystem on {@code device} and returns its UUID. */
  String makeExt4(Path device) {
    String uuid = UUID.randomUUID().toString();
    run("mkfs.ext4", "-q", "-F", "-U", uuid, device.toString());
    return uuid;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    release();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    release();
    try {
      assertThat(mountsBelow()).as("mounts left by the tests").isEmpty();
      assertThat(loopDevicesBelow())
          .as("loop devices left attached by the tests")
          .isEmpty();
    } finally {
      if (mountsBelow().isEmpty()) {
        MoreFiles.deleteRecursively(directory, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    }
  }

  /** Unmounts (deepest first) and detaches everything of this class's. */
  private void release() {
    for (String mountPoint : mountsBelow()) {
      if (exitCode("umount", mountPoint) != 0) {
        exitCode("umount", "-l", mountPoint);
      }
    }
    for (String device : loopDevicesBelow()) {
      exitCode("losetup", "-d", device);
    }
  }

  /** Mount points below this class's directory, deepest first. */
  List<String> mountsBelow() {
    return new MountTable(MountTable.MOUNTINFO)
        .mountPoints().stream()
            .filter(m -> m.startsWith(directory + "/"))
            .sorted(Comparator.comparingInt(String::length).reversed())
            .distinct()
            .toList();
  }

  /** Loop devices backed by a file below this class's directory. */
  List<String> loopDevicesBelow() {
    List<String> devices = new ArrayList<>();
    for (String line : run("losetup", "--list", "--noheadings", "--raw", "-O", "NAME,BACK-FILE")
        .split("\n")) {
      String[] fields = line.trim().split(" ", 2);
      if (fields.length == 2 && fields[1].startsWith(directory + "/")) {
        devices.add(fields[0]);
      }
    }
    return devices;
  }

  /** Whether {@code device} is still attached, to anything. */
  static boolean isAttached(Path device) {
    return Files.exists(
        Path.of("/sys/block", device.getFileName().toString(), "loop", "backing_file"));
  }

  static String run(String... command) {
    Result result = execute(command);
    if (result.exitCode != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited with " + result.exitCode + ": " + result.output);
    }
    return result.output;
  }

  static int exitCode(String... command) {
    return execute(command).exitCode;
  }

  private record Result(int exitCode, String output) {}

  private static Result execute(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The real adapters' shared parts, writing below this class's directory. */
  AdapterContext context(Duration timeout) {
    return context(timeout, Pauses.REAL);
  }

  /** A context whose retries of a busy unmount or close do not wait, for tests that expect them to fail. */
  AdapterContext contextWithoutPauses(Duration timeout) {
    return context(timeout, pause -> {});
  }

  private AdapterContext context(Duration timeout, Pauses pauses) {
    Path runtime = newDirectory("runtime").resolve("run");
    return new AdapterContext(
        new ExecCommandRunner(Executables.fromPath(), timeout, line -> {}),
        runtime,
        Optional.empty(),
        pauses);
  }

  Path directory() {
    return directory;
  }
}
