package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.StageListing;
import dev.mnemosyne.core.StoreListing;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.PointTimes;
import dev.mnemosyne.core.model.RetentionDecision;
import dev.mnemosyne.core.model.RetentionPolicy;
import dev.mnemosyne.core.model.RotationPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two years of daily backups under "a week of dailies, a month of weeklies, a year of monthlies,
 * two yearlies", with hourly rotation: after every run the store holds exactly the points the
 * policy promises, each with the content of the backup it was taken from, and nothing else.
 */
class RetentionSimulationTest {
  private static final String KEY = "docs";
  private static final RetentionPolicy POLICY = RetentionPolicy.of(0, 0, 7, 4, 12, 2);

  @TempDir
  Path root;

  @Test
  void twoYearsOfDailyBackupsHoldExactlyWhatThePolicyPromises() {
    FakeEnvironment env = FakeEnvironment.create(root);
    Path source = env.sourceDirectory(KEY);
    SourceEditor editor = new SourceEditor(source, 3).seed(env.clock().instant());
    BackupConfig config = env.config()
        .retention(POLICY, RotationPolicy.NO_CAP, 1)
        .directory(KEY, source)
        .build();
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    Random random = new Random(17);

    // the model: each history point's time, newest first, and what every backup copied
    List<Optional<Instant>> model = new ArrayList<>();
    Map<Instant, TreeContent> copied = new HashMap<>();
    Optional<TreeContent> live = Optional.empty();
    List<LocalDate> backupDays = new ArrayList<>();
    for (int day = 0; day < 730; day++) {
      // once a day, at about three in the morning
      env.clock()
          .set(TestClock.DEFAULT_START
              .plus(Duration.ofDays(day))
              .plus(Duration.ofHours(3))
              .plus(Duration.ofMinutes(random.nextInt(90))));
      Instant now = env.clock().instant();
      editor.change(now);
      BackupReport report = mnemosyne.backup(config);
      assertThat(report.outcome())
          .as("day %s: %s", day, report)
          .isEqualTo(BackupReport.Outcome.SUCCESS);
      if (live.isPresent()) {
        assertThat(report.directories().get(0).rotated()).isTrue();
        // the rotation took the live copy of the day before as a point at the time of this run
        copied.put(now, live.get());
        model.add(0, Optional.of(now));
        RetentionDecision decision = POLICY.decide(model, now, ZoneOffset.UTC, Optional.empty());
        List<Optional<Instant>> kept = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
          if (decision.points().get(i).kept()) {
            kept.add(model.get(i));
          }
        }
        model = kept;
        backupDays.add(0, LocalDate.ofInstant(now, ZoneOffset.UTC));
      }
      live = Optional.of(TreeContent.of(source));
      if (day % 30 == 0 || day == 729) {
        checkStore(env, config, model, copied);
      } else {
        checkTimes(env, config, model);
      }
    }
    // what the policy promises, counted by hand: the newest point of each of the last 7 days, 4 ISO
    // weeks,
    // 12 months and 2 years with a backup
    List<Instant> times = model.stream().map(Optional::orElseThrow).toList();
    assertThat(times).hasSizeLessThanOrEqualTo(7 + 4 + 12 + 2).hasSizeGreaterThanOrEqualTo(12 + 2);
    for (int i = 0; i < 7; i++) {
      LocalDate dayOfPoint = backupDays.get(0).minusDays(i);
      assertThat(times)
          .as("a point of %s", dayOfPoint)
          .anyMatch(t -> LocalDate.ofInstant(t, ZoneOffset.UTC).equals(dayOfPoint));
    }
    for (int i = 0; i < 12; i++) {
      YearMonth month = YearMonth.from(backupDays.get(0)).minusMonths(i);
      assertThat(times)
          .as("a point of %s", month)
          .anyMatch(t -> YearMonth.from(t.atZone(ZoneOffset.UTC)).equals(month));
    }
    // the last day is 2028-01-04: yearly 2 reaches back to 2027-12-31, monthly 12 to February 2027
    assertThat(backupDays.get(0)).isEqualTo(LocalDate.parse("2028-01-04"));
    assertThat(times.get(times.size() - 1))
        .as("the oldest point")
        .isEqualTo(times.stream()
            .filter(
                t -> YearMonth.from(t.atZone(ZoneOffset.UTC)).equals(YearMonth.parse("2027-02")))
            .findFirst()
            .orElseThrow());
  }

  /** The stages and their recorded times, without reading their content. */
  private static void checkTimes(
      FakeEnvironment env, BackupConfig config, List<Optional<Instant>> model) {
    FakeStore store = env.store(config);
    assertThat(store.stages(KEY)).hasSize(model.size() + 1).last().isEqualTo(model.size());
    PointTimes recorded = PointTimes.parse(store.state(KEY + ".times").orElseThrow());
    for (int index = 1; index <= model.size(); index++) {
      assertThat(recorded.at(index)).as("%s.%s", KEY, index).isEqualTo(model.get(index - 1));
    }
  }

  private static void checkStore(
      FakeEnvironment env,
      BackupConfig config,
      List<Optional<Instant>> model,
      Map<Instant, TreeContent> copied) {
    FakeStore store = env.store(config);
    assertThat(store).hasStagesZeroTo(KEY, model.size()).hasReadOnlyHistory(KEY);
    StoreListing listing = env.mnemosyne().list(config);
    List<StageListing> stages = listing.byKey().get(KEY);
    for (int index = 1; index <= model.size(); index++) {
      Instant taken = model.get(index - 1).orElseThrow();
      assertThat(stages.get(index).time()).as("%s.%s", KEY, index).contains(taken);
      assertThat(store).stage(KEY, index).hasContent(copied.get(taken));
      assertThat(stages.get(index).retention()).isPresent();
    }
  }
}
