package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.BackupStatus;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.model.BackupConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run under a clock set years ahead (a bad RTC, a mistyped date) records its rotation then;
 * once the clock is right again, the history goes on at the next run, with a warning, instead
 * of stopping until that date comes. A success recorded then is not taken for a fresh backup by
 * {@code status}.
 */
class WrongClockTest {
  @TempDir
  Path root;

  @Test
  void aRotationRecordedInTheFutureDoesNotStopTheHistory() throws IOException {
    TestClock clock = TestClock.at(Instant.parse("2040-06-01T00:00:00Z"));
    FakeEnvironment env = FakeEnvironment.create(root, clock);
    Path docs = env.sourceDirectory("docs");
    BackupConfig config = env.config().rotation(3, 24).directory("docs", docs).build();
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    Files.writeString(docs.resolve("a.txt"), "one");
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);

    clock.set(Instant.parse("2026-06-01T00:00:00Z"));
    Files.writeString(docs.resolve("a.txt"), "two");
    BackupReport corrected = mnemosyne.backup(config);

    DirectoryReport directory = corrected.directories().get(0);
    assertThat(directory.rotated()).isTrue();
    assertThat(directory.warnings())
        .anySatisfy(w -> assertThat(w).contains("the clock was or is wrong"));
    assertThat(corrected.outcome()).isEqualTo(BackupReport.Outcome.WARNINGS);

    clock.advance(Duration.ofHours(25));
    Files.writeString(docs.resolve("a.txt"), "three");
    BackupReport next = mnemosyne.backup(config);
    assertThat(next.directories().get(0).rotated())
        .as("rotations follow the corrected clock")
        .isTrue();
    assertThat(next.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(env.store(config)).hasExactlyStages("docs", 0, 1, 2);
  }

  @Test
  void aSuccessRecordedInTheFutureIsAProblemForStatusUntilABackupReplacesIt() throws IOException {
    TestClock clock = TestClock.at(Instant.parse("2036-06-01T00:00:00Z"));
    FakeEnvironment env = FakeEnvironment.create(root, clock);
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "one");
    BackupConfig config = env.config().rotation(3, 24).directory("docs", docs).build();
    Mnemosyne mnemosyne =
        env.mnemosyneBuilder().stateDirectory(root.resolve("state")).build();
    mnemosyne.initStore(config);
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);

    clock.set(Instant.parse("2026-06-01T00:00:00Z"));
    BackupStatus.KeyStatus future =
        mnemosyne.status(config, Duration.ofHours(48)).keys().get(0);
    assertThat(future.inFuture()).isTrue();
    assertThat(future.tooOld()).isFalse();
    assertThat(mnemosyne.status(config, Duration.ofHours(48)).fresh()).isFalse();

    clock.set(Instant.parse("2036-05-31T23:56:00Z"));
    assertThat(mnemosyne.status(config, Duration.ofHours(48)).fresh())
        .as("four minutes ahead is tolerated")
        .isTrue();

    clock.set(Instant.parse("2026-06-01T00:00:00Z"));
    assertThat(mnemosyne.backup(config).outcome()).isNotEqualTo(BackupReport.Outcome.FAILED);
    BackupStatus corrected = mnemosyne.status(config, Duration.ofHours(48));
    assertThat(corrected.fresh())
        .as("the next successful backup replaces the record")
        .isTrue();
    assertThat(corrected.keys().get(0).age()).contains(Duration.ZERO);
  }
}
