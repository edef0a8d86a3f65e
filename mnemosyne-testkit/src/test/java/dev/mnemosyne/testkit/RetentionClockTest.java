package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.RetentionPolicy;
import dev.mnemosyne.core.model.RotationPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clock that goes back never makes the retention policy delete history; once it has caught up, thinning resumes. */
class RetentionClockTest {
  @TempDir
  Path root;

  @Test
  void aClockSetBackThinsNothingAndWarns() {
    FakeEnvironment env = FakeEnvironment.create(root);
    Path source = env.sourceDirectory("docs");
    SourceEditor editor = new SourceEditor(source, 9).seed(env.clock().instant());
    BackupConfig config = env.config()
        .retention(RetentionPolicy.of(2, 0, 0, 0, 0, 0), RotationPolicy.NO_CAP, 0)
        .directory("docs", source)
        .build();
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    for (int run = 0; run < 3; run++) {
      env.clock().advance(Duration.ofHours(1));
      editor.change(env.clock().instant());
      assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    }
    assertThat(env.store(config)).hasStagesZeroTo("docs", 2);
    Instant newest = env.clock().instant();

    // the clock goes back a day: every run keeps taking points, and deletes none
    env.clock().set(newest.minus(Duration.ofDays(1)));
    for (int run = 0; run < 3; run++) {
      env.clock().advance(Duration.ofHours(1));
      editor.change(env.clock().instant());
      BackupReport report = mnemosyne.backup(config);
      assertThat(report.outcome()).as("%s", report).isEqualTo(BackupReport.Outcome.WARNINGS);
      assertThat(report.directories().get(0).warnings())
          .anyMatch(
              w -> w.contains("taken after the time now") && w.contains("nothing is thinned out"));
      assertThat(env.store(config)).hasStagesZeroTo("docs", 3 + run).hasReadOnlyHistory("docs");
    }

    // once the clock has passed every point, the policy applies again
    env.clock().set(newest.plus(Duration.ofHours(1)));
    editor.change(env.clock().instant());
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(env.store(config)).hasStagesZeroTo("docs", 2);
  }
}
