package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thinning killed with SIGKILL between a delete and the renames that follow it, as real
 * processes on a real btrfs, with the points' times set in the store's {@code docs.times}: the
 * next runs finish the job and the store holds exactly the points the policy keeps, each with
 * its content and its time.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class InterruptedThinningTest {
  @TempDir
  Path temp;

  private Path runtime;
  private Path remote;
  private Path source;
  private Path bin;
  private Optional<Process> run = Optional.empty();

  @BeforeEach
  void createStore() throws IOException {
    runtime = temp.resolve("run");
    remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("docs"));
    bin = temp.resolve("bin");
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostProcesses.reap(run);
    HostCleanup.release(temp);
  }

  private Path config(String name, String strategy) {
    return TestConfigs.write(
        temp.resolve(name + ".json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"test.btrfs\", \"size\": 1, \"encryption\": \"none\"},\n"
            + "  \"strategy\": " + strategy + ",\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + source
            + "\"}]}\n"
            + "}\n");
  }

  @Test
  void aRunKilledBetweenADeleteAndTheRenamesIsFinishedByTheNextRotation() throws Exception {
    Path lenient = config("lenient", "{\"rotate\": 0, \"keep\": {\"last\": 5}}");
    Path daily =
        config("daily", "{\"rotate\": 0, \"timezone\": \"UTC\", \"keep\": {\"daily\": 4}}");
    assertThat(call(lenient, "--init-store").code()).isZero();
    for (String content : List.of("one", "two", "three", "four", "five", "six")) {
      Files.writeString(source.resolve("a.txt"), content);
      CliRun backup = call(lenient, "--backup");
      assertThat(backup.code()).as(backup.toString()).isZero();
    }
    // docs.1 five (yesterday), .2 four and .3 three (two days ago), .4 two and .5 one (three days
    // ago)
    Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS);
    Instant yesterday = midnight.minus(Duration.ofHours(12));
    Instant twoDaysAgo = midnight.minus(Duration.ofHours(36));
    Instant threeDaysAgo = midnight.minus(Duration.ofHours(60));
    String times =
        "1 " + yesterday + "\n2 " + twoDaysAgo + "\n3 " + twoDaysAgo.minus(Duration.ofHours(1))
            + "\n4 " + threeDaysAgo + "\n5 " + threeDaysAgo.minus(Duration.ofHours(1)) + "\n";
    EndToEndTest.MountRun mount = EndToEndTest.MountRun.start(this::cli, lenient);
    try {
      Files.writeString(mount.root().resolve("docs.times"), times);
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }

    // under daily 4 the rotation takes six as docs.1, then deletes one (docs.6), then three
    // (docs.4) and
    // would move two from docs.5 to docs.4: it is killed right after the second delete
    Files.writeString(source.resolve("a.txt"), "seven");
    Path reached = temp.resolve("reached");
    HostProcesses.script(
        bin,
        "btrfs",
        "/usr/bin/btrfs \"$@\"\nrc=$?\n"
            + "case \" $* \" in *\" delete \"*) n=$(cat '" + temp.resolve("deletes")
            + "' 2>/dev/null || echo 0);"
            + " n=$((n + 1)); echo $n > '" + temp.resolve("deletes") + "';"
            + " if [ $n -ge 2 ]; then touch '" + reached
            + "'; exec sleep 3600; fi;; esac\nexit $rc\n");
    Path stderr = temp.resolve("killed-stderr.txt");
    Process killed = HostProcesses.start(temp, bin, stderr, "--backup", "-c", daily.toString());
    run = Optional.of(killed);
    assertThat(HostProcesses.awaitFile(reached, killed))
        .as("reached the second delete; stderr: %s", Files.readString(stderr))
        .isTrue();
    HostProcesses.killHard(killed);

    // the next run completes the copy first (rotation postponed), the one after rotates and thins
    CliRun repair = call(daily, "--backup");
    assertThat(repair.code()).as(repair.toString()).isIn(0, 3);
    Files.writeString(source.resolve("a.txt"), "eight");
    CliRun next = call(daily, "--backup");
    assertThat(next.code()).as(next.toString()).isZero();
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();

    mount = EndToEndTest.MountRun.start(this::cli, daily);
    try {
      Path root = mount.root();
      // seven (today) replaced six as today's point; five, four and two are the newest of their
      // days
      assertThat(stages(root)).containsExactly("docs.0", "docs.1", "docs.2", "docs.3", "docs.4");
      assertThat(root.resolve("docs.0/a.txt")).hasContent("eight");
      assertThat(root.resolve("docs.1/a.txt")).hasContent("seven");
      assertThat(root.resolve("docs.2/a.txt")).hasContent("five");
      assertThat(root.resolve("docs.3/a.txt")).hasContent("four");
      assertThat(root.resolve("docs.4/a.txt")).hasContent("two");
      List<String> recorded = Files.readAllLines(root.resolve("docs.times"));
      assertThat(recorded).contains("2 " + yesterday, "3 " + twoDaysAgo, "4 " + threeDaysAgo);
      assertThat(recorded.get(0)).startsWith("1 " + midnight.toString().substring(0, 10));
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
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

  private CliRun call(Path config, String... args) {
    String[] withConfig = Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    return CliRun.call(new LinuxWiring(), runtime, withConfig);
  }

  private Cli cli() {
    return CliRun.linuxCli(runtime);
  }
}
