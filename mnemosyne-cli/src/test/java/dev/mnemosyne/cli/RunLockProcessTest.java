package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run per store, between real processes: a second run is refused with exit 6 and the
 * holder's PID, and a holder killed with SIGKILL neither blocks the next run nor leaves its
 * mounts behind it, while mounts and loop devices that are not the store's stay.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class RunLockProcessTest {
  @TempDir
  Path temp;

  private Path config;
  private Path source;
  private Optional<Process> holder = Optional.empty();
  private Optional<String> foreignLoop = Optional.empty();

  @BeforeEach
  void createStore() throws IOException {
    Path remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("docs"));
    Files.writeString(source.resolve("a.txt"), "one");
    config = TestConfigs.unencryptedLocal(temp, remote, 2, 24, source);
    CliRun init = CliRun.call(
        new LinuxWiring(), temp.resolve("run"), "--init-store", "-c", config.toString());
    assertThat(init.code()).as(init.toString()).isZero();
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostProcesses.reap(holder);
    foreignLoop.ifPresent(loop -> HostProcesses.run("losetup", "-d", loop));
    HostCleanup.release(temp);
  }

  @Test
  void aSecondRunIsRefusedWithTheHoldersPidAndAKilledHolderBlocksNothing() throws Exception {
    Path stderr = temp.resolve("holder-stderr.txt");
    Process mount = ProcessRun.builder(
            temp.resolve("run"), stderr, "--mount", "-c", config.toString())
        .start();
    holder = Optional.of(mount);
    String mountPoint;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(mount.getInputStream(), StandardCharsets.UTF_8))) {
      mountPoint = out.readLine();
    }
    assertThat(mountPoint).as("stderr: %s", Files.readString(stderr)).isNotNull();

    CliRun refused = ProcessRun.run(temp, "--backup", "-c", config.toString());
    assertThat(refused.code()).as(refused.toString()).isEqualTo(6);
    assertThat(refused.err()).contains("in use by another mnemosyne run (pid " + mount.pid() + ")");
    assertThat(refused.err())
        .contains(" since ", "or stop it if it hangs (kill " + mount.pid() + ")")
        .doesNotContain("Exception");

    HostProcesses.killHard(mount);
    assertThat(TestConfigs.mountsUnder(temp))
        .as("a killed run leaves its mount")
        .anyMatch(l -> l.contains(mountPoint));
    Path foreignMount = Files.createDirectories(temp.resolve("run/foreign"));
    assertThat(HostProcesses.run(
            "mount", "-t", "tmpfs", "-o", "size=1m", "foreign", foreignMount.toString()))
        .isZero();
    Path foreignImage = temp.resolve("foreign.img");
    Files.write(foreignImage, new byte[1 << 20]);
    foreignLoop =
        Optional.of(HostProcesses.output("losetup", "--find", "--show", foreignImage.toString())
            .strip());

    CliRun next = ProcessRun.run(temp, "--backup", "-c", config.toString());

    assertThat(next.code()).as(next.toString()).isZero();
    assertThat(TestConfigs.mountsUnder(temp))
        .as("only the foreign mount is left")
        .singleElement()
        .satisfies(line -> assertThat(line).contains(foreignMount.toString()));
    assertThat(TestConfigs.loopsUnder(temp))
        .as("only the foreign loop device is left")
        .singleElement()
        .satisfies(line -> assertThat(line).contains(foreignImage.toString()));
  }
}
