package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --grow-store} for real, on an unencrypted store on this host: a 128 MiB btrfs image
 * that a backup fills is grown to the 1 GB of {@code store.size} (the sparse image extended,
 * {@code losetup -c}, {@code btrfs filesystem resize max}) and then takes the backup; a run
 * SIGKILLed between the steps leaves a store that backs up with its history, and the next
 * {@code --grow-store} finishes the job.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class StoreGrowthEndToEndTest {
  private static final long GIB = 1L << 30;

  @TempDir
  Path temp;

  private Path runtime;
  private Path source;
  private Path config;
  private Path image;
  private Path bin;
  private Optional<Process> run = Optional.empty();

  @BeforeEach
  void createSmallStore() throws IOException {
    runtime = temp.resolve("run");
    bin = temp.resolve("bin");
    Path remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("docs"));
    config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);
    image = remote.resolve("test.btrfs");
    Files.createFile(image);
    assertThat(HostProcesses.run("truncate", "-s", "128M", image.toString())).isZero();
    assertThat(HostProcesses.run("mkfs.btrfs", "-q", "-f", image.toString())).isZero();
    Files.writeString(source.resolve("a.txt"), "one");
    CliRun first = call("--backup");
    assertThat(first.code()).as(first.toString()).isZero();
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostProcesses.reap(run);
    HostCleanup.release(temp);
  }

  @Test
  void aFullStoreIsGrownToStoreSizeAndThenTakesTheBackup() throws Exception {
    Files.writeString(source.resolve("a.txt"), "two");
    TestConfigs.writeRandom(source.resolve("big.bin"), 160 << 20, 7);
    CliRun full = call("--backup");
    assertThat(full.code()).as(full.toString()).isEqualTo(8);
    assertThat(full.err()).contains("the store is full", "--grow-store");

    CliRun grow = call("--grow-store", "--json");

    assertThat(grow.code()).as(grow.toString()).isZero();
    assertThat(grow.err()).contains("grew store test.btrfs from 128.0 MiB to 1 GB");
    assertThat(grow.json().get("imageBytesBefore").asLong()).isEqualTo(128L << 20);
    assertThat(grow.json().get("imageBytes").asLong()).isEqualTo(GIB);
    assertThat(grow.json().get("filesystemBytesAfter").asLong()).isGreaterThan(900L << 20);
    assertThat(grow.json().get("grew").asBoolean()).isTrue();
    assertThat(Files.size(image)).isEqualTo(GIB);
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();

    CliRun again = call("--grow-store");
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.err()).contains("nothing to grow");

    CliRun backup = call("--backup");
    assertThat(backup.code()).as(backup.toString()).isIn(0, 3);
    assertStages("two", "one");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
  }

  @Test
  void aSmallerStoreSizeIsRefusedWithExitSevenAndNothingChanges() throws Exception {
    assertThat(HostProcesses.run("truncate", "-s", "2G", image.toString())).isZero();
    java.util.List<String> before = TestConfigs.listing(image.getParent());

    CliRun refused = call("--grow-store");

    assertThat(refused.code()).as(refused.toString()).isEqualTo(7);
    assertThat(refused.err()).contains("cannot shrink", "store.size to at least 2");
    assertThat(TestConfigs.listing(image.getParent())).isEqualTo(before);
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
  }

  @Test
  void aDryRunShowsTheCommandsAndChangesNothing() throws Exception {
    java.util.List<String> before = TestConfigs.listing(temp);

    CliRun dry = call("--grow-store", "--dry-run");

    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(dry.out())
        .contains(
            "- grow the store image: ",
            "would extend the sparse image",
            "$ losetup -c",
            "$ btrfs filesystem resize max");
    assertThat(TestConfigs.listing(temp)).isEqualTo(before);
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
  }

  /**
   * SIGKILLed right after the loop device was told the new size, or right after btrfs grew:
   * the next backup works on the half-grown store and keeps its history, and the next
   * {@code --grow-store} finishes (or finds nothing left to do).
   */
  @ParameterizedTest
  @CsvSource({
    "losetup, /usr/sbin/losetup, -c, had been grown to 1 GB by a run that did not finish",
    "btrfs, /usr/bin/btrfs, resize, nothing to grow"
  })
  void aGrowKilledBetweenItsStepsIsFinishedByTheNext(
      String tool, String real, String word, String next) throws Exception {
    Path reached = temp.resolve("reached");
    HostProcesses.script(
        bin,
        tool,
        real + " \"$@\"\nrc=$?\n" + "case \" $* \" in *\" " + word + " \"*) touch '" + reached
            + "'; exec sleep 3600;; esac\nexit $rc\n");
    Path stderr = temp.resolve("killed-stderr.txt");
    Process killed =
        HostProcesses.start(temp, bin, stderr, "--grow-store", "-c", config.toString());
    run = Optional.of(killed);
    assertThat(HostProcesses.awaitFile(reached, killed))
        .as("reached %s; stderr: %s", word, Files.readString(stderr))
        .isTrue();
    HostProcesses.killHard(killed);
    assertThat(TestConfigs.mountsUnder(temp))
        .as("the killed run left its mount")
        .isNotEmpty();
    assertThat(Files.size(image)).as("the image grew before the kill").isEqualTo(GIB);

    Files.writeString(source.resolve("a.txt"), "two");
    CliRun backup = call("--backup");
    assertThat(backup.code()).as("a backup of the half-grown store: %s", backup).isIn(0, 3);

    CliRun finish = call("--grow-store", "--json");

    assertThat(finish.code()).as(finish.toString()).isZero();
    assertThat(finish.err()).contains(next);
    assertThat(finish.json().get("filesystemBytesAfter").asLong()).isGreaterThan(900L << 20);
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
    assertStages("two", "one");
  }

  private void assertStages(String live, String previous) throws Exception {
    EndToEndTest.MountRun mount = EndToEndTest.MountRun.start(this::cli, config);
    try {
      Path root = mount.root();
      assertThat(root.resolve("docs.0/a.txt")).hasContent(live);
      assertThat(root.resolve("docs.1/a.txt")).as("history kept").hasContent(previous);
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
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
