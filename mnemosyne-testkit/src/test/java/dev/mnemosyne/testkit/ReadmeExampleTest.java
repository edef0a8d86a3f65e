package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.model.BackupConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consumer test the README shows, kept compiling and passing. */
class ReadmeExampleTest {
  @Test
  void keepsAWeekOfHistory(@TempDir Path tmp) throws IOException {
    FakeEnvironment env = FakeEnvironment.create(tmp);
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "first");
    BackupConfig config = env.config().rotation(8, 168).directory("docs", docs).build();
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    mnemosyne.backup(config);

    env.clock().advance(Duration.ofDays(7));
    Files.writeString(docs.resolve("a.txt"), "second");
    BackupReport report = mnemosyne.backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    MnemosyneAssertions.assertThat(env).hasNothingMountedOrOpen();
    MnemosyneAssertions.assertThat(env.store(config)).hasStagesZeroTo("docs", 1).hasReadOnlyHistory("docs");
    MnemosyneAssertions.assertThat(env.store(config)).stage("docs", 0).hasSameContentAs(docs);
  }
}
