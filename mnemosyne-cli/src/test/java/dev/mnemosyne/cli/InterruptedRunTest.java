package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs stopped part-way, as real processes on a real btrfs: a signal tears everything down
 * (rsync included) and exits 130 or 143; a SIGKILL at any point leaves leftovers that the
 * next run cleans up, and the stages come out as the policy says, none lost or duplicated
 * and no half copy turned into history.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class InterruptedRunTest {
  @TempDir
  Path temp;

  private Path runtime;
  private Path remote;
  private Path source;
  private Path config;
  private Path bin;
  private Optional<Process> run = Optional.empty();

  @BeforeEach
  void createStore() throws IOException {
    runtime = temp.resolve("run");
    remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("docs"));
    bin = temp.resolve("bin");
    config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);
    CliRun init = call("--init-store");
    assertThat(init.code()).as(init.toString()).isZero();
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostProcesses.reap(run);
    HostCleanup.release(temp);
  }

  @ParameterizedTest
  @CsvSource({"INT, 130", "TERM, 143"})
  void aSignalDuringRsyncStopsItTearsDownAndExitsWithItsCode(String signal, int expected)
      throws Exception {
    writeBulk(1);
    Path started = temp.resolve("rsync-started");
    HostProcesses.slowRsync(bin, started);
    Path stderr = temp.resolve("stderr.txt");
    Process backup = start(stderr, "--backup");
    List<ProcessHandle> rsync = awaitRsync(backup, started, stderr);

    HostProcesses.signal(backup.pid(), signal);
    int code = backup.waitFor();

    String err = Files.readString(stderr);
    assertThat(code).as(err).isEqualTo(expected);
    assertThat(err).contains("SIG" + signal + " received").doesNotContain("Exception");
    rsync.forEach(p -> p.onExit().join());
    assertThat(rsync).noneMatch(ProcessHandle::isAlive);
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();

    CliRun next = call("--backup");
    assertThat(next.code())
        .as("the half copy is completed, not rotated: %s", next)
        .isEqualTo(3);
    assertThat(next.err())
        .contains("rotation of docs postponed", "this run completes it", "synced with warnings");
  }

  @ParameterizedTest
  @CsvSource({"INT, 130", "TERM, 143"})
  void aSignalDuringASnapshotStopsTheCommandTearsDownAndTheNextRunRepairs(
      String signal, int expected) throws Exception {
    Files.writeString(source.resolve("a.txt"), "one");
    assertThat(call("--backup").code()).isZero();
    Files.writeString(source.resolve("a.txt"), "two");
    Path reached = temp.resolve("reached");
    HostProcesses.btrfsStoppingAfter(bin, "snapshot", reached);
    Path stderr = temp.resolve("stderr.txt");
    Process backup = start(stderr, "--backup");
    assertThat(HostProcesses.awaitFile(reached, backup))
        .as("stderr: %s", Files.readString(stderr))
        .isTrue();
    List<ProcessHandle> children = backup.descendants().collect(Collectors.toList());

    HostProcesses.signal(backup.pid(), signal);
    int code = backup.waitFor();

    assertThat(code).as(Files.readString(stderr)).isEqualTo(expected);
    children.forEach(p -> p.onExit().join());
    assertThat(children).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();

    CliRun next = call("--backup");
    assertThat(next.code()).as(next.toString()).isEqualTo(3);
    assertThat(next.err()).contains("rotation of docs postponed");
    EndToEndTest.MountRun mount = EndToEndTest.MountRun.start(this::cli, config);
    try {
      Path root = mount.root();
      assertThat(stages(root)).containsExactly("docs.0", "docs.1");
      assertThat(root.resolve("docs.0/a.txt")).hasContent("two");
      assertThat(root.resolve("docs.1/a.txt")).hasContent("one");
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
  }

  /**
   * Four runs build three stages; the fifth is killed at a point of its rotation or sync; the
   * sixth repairs and ends with the stages the policy asks for.
   */
  @ParameterizedTest
  @ValueSource(strings = {"delete", "snapshot", "rsync"})
  void aRunKilledAtAnyPointIsRepairedByTheNext(String point) throws Exception {
    for (String content : List.of("one", "two", "three")) {
      Files.writeString(source.resolve("a.txt"), content);
      CliRun backup = call("--backup");
      assertThat(backup.code()).as(backup.toString()).isZero();
    }
    Files.writeString(source.resolve("a.txt"), "four");
    writeBulk(2);
    Path reached = temp.resolve("reached");
    Path stderr = temp.resolve("killed-stderr.txt");
    Process killed;
    if (point.equals("rsync")) {
      HostProcesses.slowRsync(bin, reached);
      killed = start(stderr, "--backup");
      awaitRsync(killed, reached, stderr);
    } else {
      HostProcesses.btrfsStoppingAfter(bin, point, reached);
      killed = start(stderr, "--backup");
      assertThat(HostProcesses.awaitFile(reached, killed))
          .as("reached %s; stderr: %s", point, Files.readString(stderr))
          .isTrue();
    }
    HostProcesses.killHard(killed);
    assertThat(TestConfigs.mountsUnder(temp))
        .as("the killed run left its mount")
        .isNotEmpty();

    CliRun repair = call("--backup");

    assertThat(repair.code()).as(repair.toString()).isIn(0, 3);
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
    EndToEndTest.MountRun mount = EndToEndTest.MountRun.start(this::cli, config);
    try {
      Path root = mount.root();
      assertThat(stages(root)).containsExactly("docs.0", "docs.1", "docs.2");
      assertThat(root.resolve("docs.0/a.txt")).hasContent("four");
      assertThat(root.resolve("docs.1/a.txt")).hasContent("three");
      assertThat(root.resolve("docs.2/a.txt")).hasContent("two");
      assertThat(root.resolve("docs.0/bulk/0.bin"))
          .hasSameBinaryContentAs(source.resolve("bulk/0.bin"));
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
  }

  /**
   * Only the command is killed and its rsync lives on, writing into the store: the next run
   * does not pull the filesystem from under it but fails loudly; once the orphan has ended,
   * the run after cleans up and completes the copy.
   */
  @Test
  void aRunWhoseRsyncOutlivesItIsNotPulledFromUnderIt() throws Exception {
    writeBulk(3);
    Path started = temp.resolve("rsync-started");
    HostProcesses.slowRsync(bin, started);
    Path stderr = temp.resolve("stderr.txt");
    Process backup = start(stderr, "--backup");
    List<ProcessHandle> orphans = awaitRsync(backup, started, stderr);
    backup.destroyForcibly();
    backup.waitFor();
    try {
      assertThat(orphans).allMatch(ProcessHandle::isAlive);

      CliRun blocked = call("--backup");

      assertThat(blocked.code()).as(blocked.toString()).isEqualTo(1);
      assertThat(blocked.err())
          .contains("clean up after an earlier run")
          .doesNotContain("Exception");
      assertThat(TestConfigs.mountsUnder(temp))
          .as("the orphan's store stays mounted")
          .isNotEmpty();
    } finally {
      orphans.forEach(ProcessHandle::destroyForcibly);
      orphans.forEach(p -> p.onExit().join());
    }

    CliRun next = call("--backup");
    assertThat(next.code()).as(next.toString()).isEqualTo(3);
    assertThat(next.err()).contains("this run completes it");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
  }

  private static List<String> stages(Path root) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("docs\\.\\d+"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** Twenty files of 64 KiB of random bytes: about 20 s for the slowed rsync. */
  private void writeBulk(long seed) throws IOException {
    Path bulk = Files.createDirectories(source.resolve("bulk"));
    Random random = new Random(seed);
    byte[] bytes = new byte[64 * 1024];
    for (int i = 0; i < 20; i++) {
      random.nextBytes(bytes);
      Files.write(bulk.resolve(i + ".bin"), bytes);
    }
  }

  private Process start(Path stderr, String action) throws IOException {
    Process process = HostProcesses.start(temp, bin, stderr, action, "-c", config.toString());
    run = Optional.of(process);
    return process;
  }

  /** Waits until the run's rsync is running and returns it. */
  private static List<ProcessHandle> awaitRsync(Process process, Path started, Path stderr)
      throws Exception {
    assertThat(HostProcesses.awaitFile(started, process))
        .as("rsync started; stderr: %s", Files.readString(stderr))
        .isTrue();
    List<ProcessHandle> rsync = HostProcesses.children(process, "rsync");
    while (rsync.isEmpty() && process.isAlive()) {
      Thread.sleep(20);
      rsync = HostProcesses.children(process, "rsync");
    }
    assertThat(rsync).as("rsync runs; stderr: %s", Files.readString(stderr)).isNotEmpty();
    return rsync;
  }

  private CliRun call(String... args) {
    String[] withConfig = Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    return CliRun.call(new LinuxWiring(), runtime, withConfig);
  }

  private Cli cli() {
    return CliRun.linuxCli(runtime);
  }
}
