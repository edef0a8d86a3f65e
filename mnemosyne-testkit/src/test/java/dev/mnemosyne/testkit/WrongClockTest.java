package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
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
 * of stopping until that date comes.
 */
class WrongClockTest {
  @TempDir Path root;

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
    assertThat(directory.warnings()).anySatisfy(w -> assertThat(w).contains("the clock was or is wrong"));
    assertThat(corrected.outcome()).isEqualTo(BackupReport.Outcome.WARNINGS);

    clock.advance(Duration.ofHours(25));
    Files.writeString(docs.resolve("a.txt"), "three");
    BackupReport next = mnemosyne.backup(config);
    assertThat(next.directories().get(0).rotated()).as("rotations follow the corrected clock").isTrue();
    assertThat(next.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(env.store(config)).hasExactlyStages("docs", 0, 1, 2);
  }
}
