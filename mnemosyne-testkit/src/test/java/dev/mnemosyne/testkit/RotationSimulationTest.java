package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.model.BackupConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Months of backups in simulated time, checked against a model of what each stage must hold. */
class RotationSimulationTest {
  private static final List<String> KEYS = List.of("docs", "photos", "mail");

  @TempDir
  Path root;

  /** What each key's stages must hold: index 0 the sources after the last run, then history newest first. */
  private final Map<String, List<TreeContent>> expected = new LinkedHashMap<>();

  @Test
  void eightWeeklyStagesOverTwelveWeeksOfBackupsEverySixHours() {
    int rotations = simulate(8, 168, 12 * 7 * 4);
    // the first run only starts the clock; then one rotation per week
    assertThat(rotations).isEqualTo(11);
  }

  @Test
  void oneStageKeepsNoHistory() {
    int rotations = simulate(1, 24, 40);
    assertThat(rotations).isZero();
  }

  @Test
  void aZeroPeriodRotatesOnEveryRun() {
    int rotations = simulate(4, 0, 30);
    assertThat(rotations).isEqualTo(29);
  }

  /** Runs {@code runs} backups six hours apart with sources changing in between; returns the rotations per key. */
  private int simulate(int stages, double rotateHours, int runs) {
    FakeEnvironment env = FakeEnvironment.create(root);
    ConfigBuilder builder = env.config().rotation(stages, rotateHours);
    Map<String, SourceEditor> editors = new LinkedHashMap<>();
    long seed = 1;
    for (String key : KEYS) {
      Path source = env.sourceDirectory(key);
      editors.put(key, new SourceEditor(source, seed++).seed(env.clock().instant()));
      builder.directory(key, source);
      expected.put(key, new ArrayList<>());
    }
    BackupConfig config = builder.build();
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);

    int rotations = 0;
    for (int run = 1; run <= runs; run++) {
      env.clock().advance(Duration.ofHours(6));
      if (run > 1) {
        editors.values().forEach(editor -> editor.change(env.clock().instant()));
      }
      BackupReport report = mnemosyne.backup(config);
      assertThat(report.outcome())
          .as("run %s: %s", run, report)
          .isEqualTo(BackupReport.Outcome.SUCCESS);
      for (DirectoryReport directory : report.directories()) {
        List<TreeContent> stagesOfKey = expected.get(directory.key());
        if (directory.rotated()) {
          stagesOfKey.add(1, stagesOfKey.get(0));
          while (stagesOfKey.size() > stages) {
            stagesOfKey.remove(stagesOfKey.size() - 1);
          }
        }
        TreeContent now = TreeContent.of(directory.source());
        if (stagesOfKey.isEmpty()) {
          stagesOfKey.add(now);
        } else {
          stagesOfKey.set(0, now);
        }
      }
      boolean rotated = report.directories().get(0).rotated();
      rotations += rotated ? 1 : 0;
      assertThat(env).hasNothingMountedOrOpen();
      if (rotated || run == runs) {
        checkStore(env.store(config), stages);
      } else {
        checkLiveStages(env.store(config));
      }
    }
    return rotations;
  }

  private void checkLiveStages(FakeStore store) {
    expected.forEach((key, model) -> assertThat(store).stage(key, 0).hasContent(model.get(0)));
  }

  private void checkStore(FakeStore store, int stages) {
    for (Map.Entry<String, List<TreeContent>> key : expected.entrySet()) {
      List<TreeContent> model = key.getValue();
      assertThat(store)
          .hasAtMostStages(key.getKey(), stages)
          .hasStagesZeroTo(key.getKey(), model.size() - 1)
          .hasReadOnlyHistory(key.getKey());
      for (int index = 0; index < model.size(); index++) {
        assertThat(store).stage(key.getKey(), index).hasContent(model.get(index));
      }
    }
  }
}
