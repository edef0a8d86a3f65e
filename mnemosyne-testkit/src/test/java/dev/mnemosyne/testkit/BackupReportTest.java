package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.failure.FailureKind;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.port.TransferStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backup's report tells an embedding tool: why a run failed and why each directory it
 * did not reach was skipped, every warning with the key it concerns, and the run's totals.
 */
class BackupReportTest {
  @TempDir
  Path root;

  private FakeEnvironment env;
  private Path docs;
  private Path music;
  private BackupConfig config;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(root);
    docs = env.sourceDirectory("docs");
    music = env.sourceDirectory("music");
    Files.writeString(docs.resolve("a.txt"), "12345");
    Files.writeString(music.resolve("b.txt"), "1234567890");
    Files.writeString(music.resolve("c.txt"), "123");
    config = env.config()
        .rotation(3, 24)
        .directory("docs", docs)
        .directory("music", music)
        .build();
  }

  @Test
  void theRunsTotalsAreItsDirectoriesStatsSummed() throws IOException {
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    mnemosyne.backup(config);
    Files.writeString(music.resolve("c.txt"), "1234");

    BackupReport report = mnemosyne.backup(config);

    TransferStats docsStats = report.directories().get(0).stats();
    TransferStats musicStats = report.directories().get(1).stats();
    assertThat(musicStats.filesTransferred()).isEqualTo(1);
    assertThat(musicStats.bytesTransferred()).isEqualTo(4);
    assertThat(report.stats())
        .isEqualTo(new TransferStats(
            docsStats.files() + musicStats.files(),
            1,
            0,
            docsStats.bytes() + musicStats.bytes(),
            4));
    assertThat(report.stats().bytes()).isEqualTo(5 + 10 + 4);
  }

  @Test
  void anInterruptionBetweenDirectoriesIsACancelledFailureAndTheSkippedDirectorySaysSo() {
    Mnemosyne mnemosyne = env.mnemosyneBuilder()
        .listener(event -> {
          if (event instanceof dev.mnemosyne.core.BackupEvent.DirectoryFinished) {
            Thread.currentThread().interrupt();
          }
        })
        .build();
    mnemosyne.initStore(config);

    BackupReport report;
    try {
      report = mnemosyne.backup(config);
    } finally {
      Thread.interrupted();
    }

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(report.failureKind()).contains(FailureKind.CANCELLED);
    assertThat(report.failure())
        .hasValueSatisfying(
            f -> assertThat(f).hasMessageContaining("interrupted").hasMessageContaining("music"));
    DirectoryReport skipped = report.directories().get(1);
    assertThat(skipped.status()).isEqualTo(DirectoryReport.Status.SKIPPED);
    assertThat(skipped.failureKind()).contains(FailureKind.CANCELLED);
    assertThat(report.directories().get(0).status()).isEqualTo(DirectoryReport.Status.SYNCED);
  }

  @Test
  void anInterruptedCopyFailsItsDirectoryAndSkipsTheRestForTheSameReason() {
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.cancelled());

    BackupReport report = mnemosyne.backup(config);

    assertThat(report.failureKind()).contains(FailureKind.CANCELLED);
    assertThat(report.directories())
        .extracting(DirectoryReport::status)
        .containsExactly(DirectoryReport.Status.FAILED, DirectoryReport.Status.SKIPPED);
    assertThat(report.directories())
        .allSatisfy(d -> assertThat(d.failure()).isEqualTo(report.failure()));
  }

  @Test
  void aStoreThatCannotBeOpenedSkipsEveryDirectoryNamingWhy() {
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    env.faults().fail(Operation.REMOTE_MOUNT, 1, Fault.error());

    BackupReport report = mnemosyne.backup(config);

    assertThat(report.failureKind()).contains(FailureKind.STEP_FAILED);
    assertThat(report.failure())
        .hasValueSatisfying(
            f -> assertThat(f).hasMessageStartingWith("could not mount the remote"));
    assertThat(report.directories()).hasSize(2).allSatisfy(d -> {
      assertThat(d.status()).isEqualTo(DirectoryReport.Status.SKIPPED);
      assertThat(d.failure()).isEqualTo(report.failure());
    });
  }

  @Test
  void everyWarningIsReachableInOneCallWithTheKeyItConcerns() throws IOException {
    Path notADirectory =
        Files.writeString(root.resolve("state"), "a file where the state directory belongs");
    Mnemosyne mnemosyne = env.mnemosyneBuilder().stateDirectory(notADirectory).build();
    mnemosyne.initStore(config);
    mnemosyne.backup(config);
    env.clock().advance(Duration.ofHours(25));
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.partWay(0.5));
    mnemosyne.backup(config);
    env.clock().advance(Duration.ofHours(25));

    BackupReport report = mnemosyne.backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.WARNINGS);
    assertThat(report.warnings())
        .singleElement()
        .asString()
        .startsWith("cannot record the backup's status");
    assertThat(report.allWarnings()).hasSize(2);
    assertThat(report.allWarnings().get(0).key()).isEmpty();
    assertThat(report.allWarnings().get(0).message())
        .isEqualTo(report.warnings().get(0));
    BackupReport.Warning postponed = report.allWarnings().get(1);
    assertThat(postponed.key()).isEqualTo(Optional.of("docs"));
    assertThat(postponed.message()).startsWith("rotation of docs postponed");
    assertThat(postponed).hasToString("docs: " + postponed.message());
  }
}
