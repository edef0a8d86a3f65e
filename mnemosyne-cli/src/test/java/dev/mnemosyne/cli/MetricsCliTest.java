package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.FakeEnvironment;
import dev.mnemosyne.testkit.Fault;
import dev.mnemosyne.testkit.Operation;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus textfile through the command, over the testkit's fakes. */
class MetricsCliTest {
  private static final String KEY = "{key=\"docs\",store=\"fake.btrfs\"}";

  @TempDir
  Path temp;

  private FakeEnvironment env;
  private Path source;
  private Path config;
  private Path textfiles;
  private Path metrics;
  /** Runs while the command wires its adapters: after the metrics file was checked, before the run. */
  private Runnable duringTheRun = () -> {};

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(temp.resolve("world"));
    source = env.sourceDirectory("docs");
    Files.writeString(source.resolve("a.txt"), "alpha");
    Files.writeString(source.resolve("b.txt"), "beta");
    config = writeConfig("");
    textfiles = Files.createDirectories(temp.resolve("textfiles"));
    metrics = textfiles.resolve("mnemosyne.prom");
    CliRun init = call("--init-store");
    assertThat(init.code()).as(init.toString()).isZero();
  }

  @AfterEach
  void nothingIsLeftBehind() {
    Thread.interrupted();
    assertThat(env.leftovers()).isEmpty();
  }

  private Path writeConfig(String extra) {
    Path remote = env.localRemote().path();
    return TestConfigs.write(
        temp.resolve("config.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"fake.btrfs\", \"size\": 1, \"keyfile\": \"" + env.keyFile()
            + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 0},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + source
            + "\"}]}" + extra + "\n"
            + "}\n");
  }

  private CliRun call(String... args) {
    return CliRun.callWithConfig(new FakeAdapters(env, duringTheRun), temp, config, args);
  }

  private String text() throws IOException {
    return Files.readString(metrics, StandardCharsets.UTF_8);
  }

  /** The value of the sample {@code series} (a metric with its labels), if the file has it. */
  private Optional<Double> sample(String series) throws IOException {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text());
    return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
  }

  @Test
  void aBackupWritesItsMetricsPerKeyAndPerStore() throws IOException {
    CliRun run = call("--backup", "--metrics-file", metrics.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(sample("mnemosyne_last_success_timestamp_seconds" + KEY))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThan(1.7e9));
    assertThat(sample("mnemosyne_last_backup_success" + KEY)).contains(1.0);
    assertThat(sample("mnemosyne_last_backup_files" + KEY))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThan(0));
    assertThat(sample("mnemosyne_last_backup_copied_files" + KEY)).contains(2.0);
    assertThat(sample("mnemosyne_last_backup_source_bytes" + KEY)).contains(9.0);
    assertThat(sample("mnemosyne_last_backup_copied_bytes" + KEY)).contains(9.0);
    assertThat(sample("mnemosyne_last_backup_duration_seconds" + KEY)).isPresent();
    assertThat(sample("mnemosyne_stages" + KEY)).contains(1.0);
    assertThat(sample("mnemosyne_last_run_exit_code{command=\"backup\",store=\"fake.btrfs\"}"))
        .contains(0.0);
    assertThat(
            sample("mnemosyne_last_run_duration_seconds{command=\"backup\",store=\"fake.btrfs\"}"))
        .isPresent();
    assertThat(
            sample("mnemosyne_last_run_timestamp_seconds{command=\"backup\",store=\"fake.btrfs\"}"))
        .isPresent();
    assertThat(sample("mnemosyne_store_free_bytes{store=\"fake.btrfs\"}")).isPresent();
    assertThat(sample("mnemosyne_store_size_bytes{store=\"fake.btrfs\"}")).isPresent();
    assertThat(sample("mnemosyne_remote_free_bytes{store=\"fake.btrfs\"}")).isPresent();
    assertThat(sample("mnemosyne_remote_size_bytes{store=\"fake.btrfs\"}")).isPresent();
    assertThat(text())
        .contains("# HELP mnemosyne_last_success_timestamp_seconds ")
        .contains("# TYPE mnemosyne_last_success_timestamp_seconds gauge");
  }

  @Test
  void stagesAreCountedAsRotationAddsThem() throws IOException {
    for (int i = 0; i < 4; i++) {
      env.clock().advance(java.time.Duration.ofHours(1));
      assertThat(call("--backup", "--metrics-file", metrics.toString()).code()).isZero();
    }

    assertThat(sample("mnemosyne_stages" + KEY)).contains(3.0);
  }

  @Test
  void aFailedRunAfterASuccessfulOneKeepsTheLastSuccessAndReportsTheFailure() throws IOException {
    assertThat(call("--backup", "--metrics-file", metrics.toString()).code()).isZero();
    double success = sample("mnemosyne_last_success_timestamp_seconds" + KEY).orElseThrow();
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.error());

    CliRun failed = call("--backup", "--metrics-file", metrics.toString());

    assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
    assertThat(sample("mnemosyne_last_success_timestamp_seconds" + KEY)).contains(success);
    assertThat(sample("mnemosyne_last_backup_success" + KEY)).contains(0.0);
    assertThat(sample("mnemosyne_last_run_exit_code{command=\"backup\",store=\"fake.btrfs\"}"))
        .contains(1.0);
    assertThat(sample("mnemosyne_last_backup_copied_files" + KEY))
        .as("unknown for a failed copy: left out")
        .isEmpty();
  }

  @Test
  void theLastSuccessComesBackFromThisHostsRecordWhenTheFileIsNew() throws IOException {
    assertThat(call("--backup").code()).isZero();
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.error());

    assertThat(call("--backup", "--metrics-file", metrics.toString()).code()).isEqualTo(1);

    assertThat(sample("mnemosyne_last_success_timestamp_seconds" + KEY))
        .as(text())
        .isPresent();
  }

  @Test
  void aRunThatNeverOpenedTheStoreWritesItsExitCodeAndLeavesOutWhatItCouldNotKnow()
      throws IOException {
    try (var held = env.runLock()
        .acquire(dev.mnemosyne.core.config.ConfigLoader.load(config).storeId())) {
      CliRun locked = call("--backup", "--metrics-file", metrics.toString());
      assertThat(locked.code()).as(locked.toString()).isEqualTo(6);
    }

    assertThat(sample("mnemosyne_last_run_exit_code{command=\"backup\",store=\"fake.btrfs\"}"))
        .contains(6.0);
    assertThat(text())
        .doesNotContain("mnemosyne_store_free_bytes")
        .doesNotContain("mnemosyne_stages")
        .doesNotContain("mnemosyne_last_success_timestamp_seconds");
  }

  @Test
  void otherCommandsAddTheirRunAndKeepTheBackupsMetrics() throws IOException {
    assertThat(call("--backup", "--metrics-file", metrics.toString()).code()).isZero();

    CliRun list = call("--list", "--metrics-file", metrics.toString());

    assertThat(list.code()).as(list.toString()).isZero();
    assertThat(sample("mnemosyne_last_run_exit_code{command=\"list\",store=\"fake.btrfs\"}"))
        .contains(0.0);
    assertThat(sample("mnemosyne_last_run_exit_code{command=\"backup\",store=\"fake.btrfs\"}"))
        .contains(0.0);
    assertThat(sample("mnemosyne_last_backup_copied_files" + KEY)).contains(2.0);
  }

  @Test
  void theFileIsReplacedByARenameAndNoTemporaryFileIsLeft() throws IOException {
    assertThat(call("--backup", "--metrics-file", metrics.toString()).code()).isZero();
    Object first = Files.getAttribute(metrics, "unix:ino");

    assertThat(call("--backup", "--metrics-file", metrics.toString()).code()).isZero();

    assertThat(Files.getAttribute(metrics, "unix:ino"))
        .as("a new file renamed into place")
        .isNotEqualTo(first);
    try (Stream<Path> files = Files.list(textfiles)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly("mnemosyne.prom");
    }
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(metrics)))
        .as("readable by node_exporter's user")
        .isEqualTo("rw-r--r--");
  }

  @Test
  void theConfigurationsMetricsFileIsUsedWithoutTheOption() throws IOException {
    config = writeConfig(",\n  \"metrics\": {\"file\": \"" + metrics + "\"}");

    assertThat(call("--backup").code()).isZero();

    assertThat(sample("mnemosyne_last_backup_success" + KEY)).contains(1.0);
  }

  @Test
  void aMetricsFileInAMissingDirectoryIsAUsageErrorAndNothingRuns() {
    int start = env.journal().size();

    CliRun run = call(
        "--backup",
        "--metrics-file",
        temp.resolve("no-such-dir").resolve("m.prom").toString());

    assertThat(run.code()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("--metrics-file", "no-such-dir", "does not exist");
    assertThat(env.journal().since(start)).isEmpty();
  }

  @Test
  void aMetricsFileNotEndingInPromIsAUsageError() {
    CliRun run = call("--backup", "--metrics-file", textfiles.resolve("m.txt").toString());

    assertThat(run.code()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("--metrics-file needs a file name ending in .prom");
  }

  @Test
  void aConfiguredMetricsFileInAMissingDirectoryIsAConfigurationErrorNamingItsPath() {
    config = writeConfig(
        ",\n  \"metrics\": {\"file\": \"" + temp.resolve("gone").resolve("m.prom") + "\"}");
    int start = env.journal().size();

    CliRun run = call("--backup");

    assertThat(run.code()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("metrics.file: the directory of the metrics file");
    assertThat(env.journal().since(start)).isEmpty();
  }

  @Test
  void aMetricsFileThatCannotBeWrittenWhenTheRunEndsIsAWarning() {
    duringTheRun = () -> {
      try {
        Files.createDirectory(metrics);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };

    CliRun run = call("--backup", "--metrics-file", metrics.toString());

    assertThat(run.code()).as(run.toString()).isEqualTo(3);
    assertThat(run.err()).contains("cannot write the metrics file " + metrics);
    assertThat(env.store(dev.mnemosyne.core.config.ConfigLoader.load(config)).stage("docs", 0))
        .isDirectory();
  }

  @Test
  void aCommandThatDoesNotUseTheStoreRefusesTheOption() {
    CliRun run = call("--status", "--metrics-file", metrics.toString());

    assertThat(run.code()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains("--metrics-file goes with the commands that use the store", "--backup");
    assertThat(metrics).doesNotExist();
  }

  @Test
  void aDryRunWritesNoMetrics() {
    assertThat(
            call("--backup", "--dry-run", "--metrics-file", metrics.toString()).code())
        .isZero();

    assertThat(metrics).doesNotExist();
  }

  @Test
  @RequiresCapability(Capability.PROMTOOL)
  void theFilePassesPromtoolsCheck() throws Exception {
    assertThat(call("--backup", "--metrics-file", metrics.toString()).code()).isZero();
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.error());
    assertThat(call("--backup", "--metrics-file", metrics.toString()).code()).isEqualTo(1);
    assertThat(call("--list", "--metrics-file", metrics.toString()).code()).isZero();

    Process promtool = new ProcessBuilder(
            Capability.promtool().orElseThrow().toString(), "check", "metrics")
        .redirectInput(metrics.toFile())
        .redirectErrorStream(true)
        .start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(promtool.waitFor()).as(output + "\n" + text()).isZero();
    assertThat(List.of(output.split("\n"))).as(output).allMatch(String::isBlank);
  }
}
