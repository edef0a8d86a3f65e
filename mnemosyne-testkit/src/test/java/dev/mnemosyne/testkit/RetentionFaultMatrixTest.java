package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.PointTimes;
import dev.mnemosyne.core.model.RetentionPolicy;
import dev.mnemosyne.core.model.RotationPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails every port call of a run that thins a history (a new policy dropping several points in
 * the middle of it), one at a time, before and after its effect: whatever fails, the history
 * stays in order with at most one free slot, every point keeps its recorded time, no point the
 * policy keeps is lost, and the runs that follow leave exactly what the policy keeps.
 */
class RetentionFaultMatrixTest {
  private static final String KEY = "docs";
  /** Six points twenty minutes apart, kept by the policy the store had. */
  private static final RetentionPolicy BEFORE = RetentionPolicy.of(10, 0, 0, 0, 0, 0);
  /** The newest point of each of the last three hours: drops points between the ones kept. */
  private static final RetentionPolicy AFTER = RetentionPolicy.of(0, 3, 0, 0, 0, 0);

  @TempDir
  Path root;

  private int cases;

  private final class Prepared {
    final FakeEnvironment env;
    final Path source;
    final SourceEditor editor;
    final BackupConfig thinning;
    final Mnemosyne mnemosyne;
    /** When each point was taken, by the content it holds. */
    final Map<TreeContent, Instant> taken = new HashMap<>();

    TreeContent live;

    Prepared() {
      env = FakeEnvironment.create(root.resolve("case-" + cases++));
      source = env.sourceDirectory(KEY);
      editor = new SourceEditor(source, 5).seed(env.clock().instant());
      BackupConfig before = env.config()
          .retention(BEFORE, RotationPolicy.NO_CAP, 0)
          .directory(KEY, source)
          .build();
      thinning = env.config()
          .retention(AFTER, RotationPolicy.NO_CAP, 0)
          .directory(KEY, source)
          .build();
      mnemosyne = env.mnemosyne();
      mnemosyne.initStore(before);
      for (int run = 0; run < 7; run++) {
        backUp(before);
      }
      advance();
    }

    void advance() {
      env.clock().advance(Duration.ofMinutes(20));
      editor.change(env.clock().instant());
    }

    BackupReport backUp(BackupConfig config) {
      advance();
      BackupReport report = mnemosyne.backup(config);
      assertThat(report.outcome()).as("%s", report).isEqualTo(BackupReport.Outcome.SUCCESS);
      recordRun(report);
      return report;
    }

    /**
     * Notes the point the run took, if its snapshot happened (even if the run failed after it), and
     * what the live stage holds now: the content the next rotation takes.
     */
    void recordRun(BackupReport report) {
      FakeStore store = store();
      if (live != null
          && !taken.containsKey(live)
          && store.stages(KEY).stream()
              .anyMatch(i -> i > 0 && TreeContent.of(store.stage(KEY, i)).equals(live))) {
        taken.put(live, report.started());
      }
      live = store.stages(KEY).contains(0) ? TreeContent.of(store.stage(KEY, 0)) : null;
    }

    FakeStore store() {
      return env.store(thinning);
    }

    /** The history, newest first, as the times the points were taken. */
    List<Instant> history() {
      FakeStore store = store();
      List<Instant> history = new ArrayList<>();
      for (int index : store.stages(KEY)) {
        if (index > 0) {
          Instant at = taken.get(TreeContent.of(store.stage(KEY, index)));
          assertThat(at)
              .as("%s.%s holds a point taken by a rotation", KEY, index)
              .isNotNull();
          history.add(at);
        }
      }
      return history;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFailingCallOfAThinningRun() {
    Prepared clean = new Prepared();
    int before = clean.env.journal().size();
    BackupReport report = clean.mnemosyne.backup(clean.thinning);
    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    clean.recordRun(report);
    List<Interaction> calls = clean.env.journal().since(before);
    assertThat(calls)
        .extracting(Interaction::operation)
        .contains(
            Operation.FILESYSTEM_DELETE_SUBVOLUME,
            Operation.FILESYSTEM_RENAME,
            Operation.FILESYSTEM_SNAPSHOT,
            Operation.FILESYSTEM_WRITE_STATE);
    List<Instant> promised = clean.history();
    assertThat(promised).as("the policy thinned the history").hasSize(3);

    List<DynamicTest> tests = new ArrayList<>();
    for (Interaction call : calls) {
      for (Fault fault : List.of(Fault.error(), Fault.timeout().afterTheEffect())) {
        tests.add(DynamicTest.dynamicTest(
            call + " fails " + fault.timing(),
            () -> thinWithFault(call.sequence() - before, fault, promised)));
      }
    }
    return tests.stream();
  }

  private void thinWithFault(int n, Fault fault, List<Instant> promised) {
    Prepared p = new Prepared();
    Instant now = p.env.clock().instant();
    p.env.faults().failCall(n, fault);
    BackupReport report = p.mnemosyne.backup(p.thinning);
    assertThat(p.env.faults().hasPending()).as("the fault struck").isFalse();
    assertThat(report.outcome()).as("%s", report).isEqualTo(BackupReport.Outcome.FAILED);
    p.recordRun(report);

    List<Instant> history = p.history();
    assertThat(history).as("ordered newest first").isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(history).doesNotHaveDuplicates();
    List<Instant> mustHave = new ArrayList<>(promised);
    if (!p.taken.containsValue(now)) {
      mustHave.remove(now); // the run died before it took its point
    }
    assertThat(history).as("no point the policy keeps is lost").containsAll(mustHave);
    FakeStore store = p.store();
    int last = store.stages(KEY).last();
    assertThat(last - (store.stages(KEY).size() - 1))
        .as("free slots in %s", store.stages(KEY))
        .isLessThanOrEqualTo(1);
    assertRecordedTimesAreRight(p);

    // the next runs finish the job: the first may postpone the rotation to complete the copy
    p.env.simulateProcessExit();
    for (int run = 0; run < 2; run++) {
      p.advance();
      BackupReport next = p.mnemosyne.backup(p.thinning);
      assertThat(next.outcome())
          .as("%s", next)
          .isIn(BackupReport.Outcome.SUCCESS, BackupReport.Outcome.WARNINGS);
      p.recordRun(next);
    }
    assertThat(p.env).hasNothingMountedOrOpen();
    assertThat(p.store()).hasStagesZeroTo(KEY, p.history().size()).hasReadOnlyHistory(KEY);
    assertRecordedTimesAreRight(p);
    List<Optional<Instant>> times = p.history().stream().map(Optional::of).toList();
    assertThat(AFTER
            .decide(times, p.env.clock().instant(), ZoneOffset.UTC, Optional.empty())
            .dropped())
        .as("the store holds exactly what the policy keeps: %s", p.history())
        .isEmpty();
  }

  /** Every history stage's entry in {@code <key>.times} is when its point was taken. */
  private static void assertRecordedTimesAreRight(Prepared p) {
    FakeStore store = p.store();
    PointTimes recorded = PointTimes.parse(store.state(KEY + ".times").orElse(""));
    for (int index : store.stages(KEY)) {
      if (index > 0) {
        assertThat(recorded.at(index))
            .as("the time of %s.%s", KEY, index)
            .contains(p.taken.get(TreeContent.of(store.stage(KEY, index))));
      }
    }
  }
}
