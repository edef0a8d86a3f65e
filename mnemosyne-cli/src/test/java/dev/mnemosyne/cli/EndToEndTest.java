package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow on this host with the real tools: a store on a local remote directory,
 * unencrypted (so that no device-mapper is needed), a real btrfs on a loop device, real rsync.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class EndToEndTest {
  @TempDir
  Path temp;

  private Path runtime;
  private Path remote;
  private Path source;
  private Path config;

  @BeforeEach
  void layOut() throws IOException {
    runtime = temp.resolve("run");
    remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("docs"));
    config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  private CliRun call(String... args) {
    String[] withConfig = Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    return CliRun.call(new LinuxWiring(), runtime, withConfig);
  }

  @Test
  void initStoreThenBackupsRotateTheStagesAndLeaveNothingMounted() throws Exception {
    // Each version has its own length: rsync's quick check compares size and whole-second mtime.
    Files.writeString(source.resolve("a.txt"), "one");

    CliRun init = call("--init-store");
    assertThat(init.code()).as(init.toString()).isZero();
    assertThat(remote.resolve("test.btrfs")).isRegularFile();

    JsonNode first = call("--backup", "--json").json();
    assertThat(first.get("exitCode").asInt()).as(first.toString()).isZero();
    JsonNode directory = first.get("directories").get(0);
    assertThat(directory.get("key").asText()).isEqualTo("docs");
    assertThat(directory.get("status").asText()).isEqualTo("synced");
    assertThat(directory.get("rotated").asBoolean()).isFalse();
    assertThat(directory.get("stats").get("filesTransferred").asLong()).isEqualTo(1);

    Files.writeString(source.resolve("a.txt"), "second");
    Files.writeString(source.resolve("b.txt"), "new");
    CliRun second = call("--backup", "--json");
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(second.json().get("directories").get(0).get("rotated").asBoolean())
        .isTrue();

    Files.writeString(source.resolve("a.txt"), "the third");
    Files.delete(source.resolve("b.txt"));
    CliRun third = call("--backup");
    CliRun fourth = call("--backup");
    assertThat(third.code()).as(third.toString()).isZero();
    assertThat(fourth.code()).as(fourth.toString()).isZero();
    assertThat(fourth.err()).contains("docs (" + source + "): synced, rotated");

    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();

    MountRun mount = MountRun.start(this::cli, config);
    Path root = mount.root();
    assertThat(root).isDirectory();
    try (Stream<Path> entries = Files.list(root)) {
      assertThat(entries
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("docs."))
              .sorted()
              .collect(Collectors.toList()))
          .containsExactly("docs.0", "docs.1", "docs.2", "docs.last", "docs.sync");
    }
    assertThat(root.resolve("docs.0/a.txt")).hasContent("the third");
    assertThat(root.resolve("docs.0/b.txt")).doesNotExist();
    assertThat(root.resolve("docs.1/a.txt")).hasContent("the third");
    assertThat(root.resolve("docs.2/a.txt")).hasContent("second");
    assertThat(root.resolve("docs.2/b.txt")).hasContent("new");
    assertThatThrownBy(() -> Files.writeString(root.resolve("docs.1/c.txt"), "x"))
        .as("history stages are read-only")
        .isInstanceOf(IOException.class);

    int code = mount.interrupt();
    assertThat(code).isEqualTo(130);
    assertThat(mount.err()).contains("unmounting the store");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
  }

  @Test
  void aSecondRunWhileTheStoreIsMountedFindsItLocked() throws Exception {
    Files.writeString(source.resolve("a.txt"), "one");
    assertThat(call("--init-store").code()).isZero();

    MountRun mount = MountRun.start(this::cli, config);
    mount.root();
    CliRun backup = call("--backup", "--json");
    int code = mount.interrupt();

    assertThat(backup.code()).as(backup.toString()).isEqualTo(6);
    assertThat(backup.json().get("outcome").asText()).isEqualTo("store-locked");
    assertThat(backup.err()).contains("in use by another mnemosyne run");
    assertThat(code).isEqualTo(130);
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
  }

  private Cli cli() {
    return CliRun.linuxCli(runtime);
  }

  /** {@code --mount} running on its own thread, as a person would leave it running in a terminal. */
  static final class MountRun {
    private final CountDownLatch firstLine = new CountDownLatch(1);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream() {
      @Override
      public synchronized void write(byte[] b, int off, int len) {
        super.write(b, off, len);
        if (toString(StandardCharsets.UTF_8).contains("\n")) {
          firstLine.countDown();
        }
      }
    };
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicInteger code = new AtomicInteger(-1);
    private Thread thread;
    private CompletableFuture<Void> done;

    static MountRun start(java.util.function.Supplier<Cli> cli, Path config) {
      MountRun run = new MountRun();
      run.done = new CompletableFuture<>();
      run.thread = new Thread(
          () -> {
            try (PrintStream o = new PrintStream(run.out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(run.err, true, StandardCharsets.UTF_8)) {
              run.code.set(
                  cli.get().run(new String[] {"--mount", "--config", config.toString()}, o, e));
            } finally {
              run.firstLine.countDown();
              run.done.complete(null);
            }
          },
          "mount");
      run.thread.start();
      return run;
    }

    /** Waits until the store is mounted and returns where. */
    Path root() throws InterruptedException {
      firstLine.await();
      List<String> lines =
          out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
      assertThat(lines).as("stdout of --mount; stderr: %s", err()).isNotEmpty();
      return Path.of(lines.get(0));
    }

    /** Interrupts the run, as a signal does, and returns its exit code once it has torn down. */
    int interrupt() throws Exception {
      thread.interrupt();
      done.get();
      return code.get();
    }

    String err() {
      return err.toString(StandardCharsets.UTF_8);
    }
  }
}
