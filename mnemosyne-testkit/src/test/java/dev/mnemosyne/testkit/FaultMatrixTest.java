package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.StateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails every port call of a clean run, one at a time, before and after its effect, and checks
 * that the run says which step failed, releases everything it could, keeps history intact, and
 * that the next run without faults converges.
 */
class FaultMatrixTest {
  private static final List<String> KEYS = List.of("docs", "photos");

  @TempDir
  Path root;

  private int cases;

  /** A store with two keys and full history (stages 3, rotating on every run), and changed sources. */
  private final class Prepared {
    final FakeEnvironment env;
    final BackupConfig config;
    final Mnemosyne mnemosyne;
    /** Content of every complete sync so far, per key, oldest first. */
    final Map<String, List<TreeContent>> synced = new LinkedHashMap<>();

    Prepared() {
      env = FakeEnvironment.create(root.resolve("case-" + cases++));
      ConfigBuilder builder = env.config().rotation(3, 0);
      long seed = 11;
      for (String key : KEYS) {
        Path source = env.sourceDirectory(key);
        new SourceEditor(source, seed++).seed(env.clock().instant());
        builder.directory(key, source);
        synced.put(key, new ArrayList<>());
      }
      config = builder.build();
      mnemosyne = env.mnemosyne();
      mnemosyne.initStore(config);
      for (int run = 0; run < 3; run++) {
        change(run);
        BackupReport report = mnemosyne.backup(config);
        assertThat(report.outcome())
            .as("preparing run %s: %s", run, report)
            .isEqualTo(BackupReport.Outcome.SUCCESS);
        recordSync();
      }
      change(3);
    }

    private void change(int round) {
      env.clock().advance(Duration.ofHours(1));
      long seed = 100 + round;
      for (String key : KEYS) {
        new SourceEditor(env.sourceDirectory(key), seed++).change(env.clock().instant());
      }
    }

    void recordSync() {
      KEYS.forEach(key -> synced.get(key).add(TreeContent.of(env.sourceDirectory(key))));
    }

    FakeStore store() {
      return env.store(config);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFailingCallOfABackup() {
    Prepared clean = new Prepared();
    int before = clean.env.journal().size();
    BackupReport report = clean.mnemosyne.backup(clean.config);
    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    List<Interaction> calls = clean.env.journal().since(before);
    assertThat(calls)
        .extracting(Interaction::operation)
        .contains(
            Operation.FILESYSTEM_DELETE_SUBVOLUME,
            Operation.FILESYSTEM_RENAME,
            Operation.FILESYSTEM_SNAPSHOT,
            Operation.TRANSFER_MIRROR);

    List<DynamicTest> tests = new ArrayList<>();
    for (Interaction call : calls) {
      assertThat(call.operation()).isNotNull();
      for (Fault fault : List.of(Fault.error(), Fault.timeout().afterTheEffect())) {
        tests.add(DynamicTest.dynamicTest(
            call + " fails " + fault.timing(),
            () -> backupWithFault(call.sequence() - before, call, fault)));
      }
      if (call.operation() == Operation.TRANSFER_MIRROR) {
        tests.add(DynamicTest.dynamicTest(
            call + " fails part-way",
            () -> backupWithFault(call.sequence() - before, call, Fault.partWay(0.5))));
      }
    }
    return tests.stream();
  }

  /** Runs the prepared backup with its {@code n}-th port call (that of {@code call} in a clean run) failing. */
  private void backupWithFault(int n, Interaction call, Fault fault) {
    Prepared p = new Prepared();
    Map<String, List<TreeContent>> historyBefore = history(p);
    p.env.faults().failCall(n, fault);
    p.recordSync(); // what the run is to copy; whether it got into the store depends on where it
    // failed

    BackupReport report = p.mnemosyne.backup(p.config);

    assertThat(p.env.faults().hasPending()).as("the fault struck").isFalse();
    assertThat(report.outcome()).as("%s", report).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(failures(report))
        .as("failures of %s", report)
        .anySatisfy(e -> assertThat(e)
            .isInstanceOfSatisfying(
                StepFailedException.class,
                step -> assertThat(step.step()).isEqualTo(call.operation().step())));
    if (!leavesSomethingBehind(call.operation(), fault)) {
      assertThat(p.env).hasNothingMountedOrOpen();
    }
    assertHistoryKept(p, historyBefore);

    p.env.simulateProcessExit();
    p.change(4);
    BackupReport next = p.mnemosyne.backup(p.config);
    assertThat(next.outcome())
        .as("the run after %s: %s", call, next)
        .isIn(BackupReport.Outcome.SUCCESS, BackupReport.Outcome.WARNINGS);
    assertThat(p.env).hasNothingMountedOrOpen();
    p.recordSync();
    for (String key : KEYS) {
      assertThat(p.store())
          .hasReadOnlyHistory(key)
          .stage(key, 0)
          .hasSameContentAs(p.env.sourceDirectory(key));
      assertOrderedSyncs(p, key, history(p).get(key));
    }
    // a rotation cut short leaves a free history slot, which the next due rotation fills
    p.change(5);
    assertThat(p.mnemosyne.backup(p.config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    p.recordSync();
    assertConverged(p);
  }

  private static boolean leavesSomethingBehind(Operation operation, Fault fault) {
    return fault.timing() == Fault.Timing.AFTER ? operation.isAcquire() : operation.isRelease();
  }

  private static List<Throwable> failures(BackupReport report) {
    List<Throwable> failures = new ArrayList<>();
    report.failure().ifPresent(f -> {
      failures.add(f);
      failures.addAll(List.of(f.getSuppressed()));
    });
    report.directories().stream()
        .map(DirectoryReport::failure)
        .flatMap(Optional::stream)
        .forEach(failures::add);
    return failures;
  }

  private static Map<String, List<TreeContent>> history(Prepared p) {
    Map<String, List<TreeContent>> history = new LinkedHashMap<>();
    FakeStore store = p.store();
    for (String key : KEYS) {
      List<TreeContent> stages = new ArrayList<>();
      for (int index : store.stages(key)) {
        if (index > 0) {
          stages.add(TreeContent.of(store.stage(key, index)));
        }
      }
      history.put(key, stages);
    }
    return history;
  }

  /**
   * Every history stage is read-only and unchanged since its snapshot, ordered newest first, and
   * holds a complete sync; the newest history from before the run is still there (only the oldest
   * may be rotated out).
   */
  private static void assertHistoryKept(Prepared p, Map<String, List<TreeContent>> before) {
    FakeStore store = p.store();
    for (String key : KEYS) {
      assertThat(store).hasReadOnlyHistory(key).hasAtMostStages(key, 3);
      List<TreeContent> now = history(p).get(key);
      assertThat(now).as("history of %s", key).contains(before.get(key).get(0));
      assertOrderedSyncs(p, key, now);
    }
  }

  private static void assertOrderedSyncs(Prepared p, String key, List<TreeContent> history) {
    List<TreeContent> synced = p.synced.get(key);
    int previous = Integer.MAX_VALUE;
    for (TreeContent stage : history) {
      int age = synced.lastIndexOf(stage);
      assertThat(age).as("a history stage of %s holds a complete sync", key).isNotNegative();
      assertThat(age).as("history of %s is ordered newest first", key).isLessThan(previous);
      previous = age;
    }
  }

  private static void assertConverged(Prepared p) {
    FakeStore store = p.store();
    for (String key : KEYS) {
      assertThat(store).hasStagesZeroTo(key, 2).hasReadOnlyHistory(key);
      assertThat(store).stage(key, 0).hasSameContentAs(p.env.sourceDirectory(key));
      assertOrderedSyncs(p, key, history(p).get(key));
      assertThat(syncRecordOf(store, key)).startsWith("complete");
    }
    assertThat(store.state(StateFiles.MARKER)).contains(StateFiles.MARKER_CONTENT);
  }

  private static String syncRecordOf(FakeStore store, String key) {
    return store.state(key + ".sync").orElse("");
  }

  @TestFactory
  Stream<DynamicTest> everyFailingCallOfInitStore() {
    FakeEnvironment clean = FakeEnvironment.create(root.resolve("init-clean"));
    BackupConfig cleanConfig =
        clean.config().directory("docs", clean.sourceDirectory("docs")).build();
    clean.mnemosyne().initStore(cleanConfig);
    List<Interaction> calls = clean.journal().interactions();

    List<DynamicTest> tests = new ArrayList<>();
    for (Interaction call : calls) {
      for (Fault fault : List.of(Fault.error(), Fault.error().afterTheEffect())) {
        tests.add(DynamicTest.dynamicTest(
            call + " fails " + fault.timing(), () -> initWithFault(call, fault)));
      }
    }
    return tests.stream();
  }

  private void initWithFault(Interaction call, Fault fault) {
    FakeEnvironment env = FakeEnvironment.create(root.resolve("init-" + cases++));
    Path source = env.sourceDirectory("docs");
    new SourceEditor(source, 5).seed(env.clock().instant());
    BackupConfig config = env.config().directory("docs", source).build();
    Mnemosyne mnemosyne = env.mnemosyne();
    env.faults().failCall(call.sequence(), fault);

    Throwable failure = catchThrowable(() -> mnemosyne.initStore(config));

    assertThat(env.faults().hasPending()).as("the fault struck").isFalse();
    assertThat(failure)
        .as("initStore with %s failing", call)
        .isInstanceOf(StepFailedException.class);
    List<Throwable> all = new ArrayList<>(List.of(failure));
    all.addAll(List.of(failure.getSuppressed()));
    assertThat(all)
        .anySatisfy(e -> assertThat(((StepFailedException) e).step())
            .isEqualTo(call.operation().step()));
    if (!leavesSomethingBehind(call.operation(), fault)) {
      assertThat(env).hasNothingMountedOrOpen();
    }
    Path image =
        env.remoteMount().directoryOf(config.remote()).resolve(config.store().name());
    assertThat(image.resolveSibling(image.getFileName() + ".mnemosyne-partial")).doesNotExist();
    env.simulateProcessExit();

    if (Files.exists(image)) {
      // the store was complete before the failure (e.g. the remote failed to unmount): it must be
      // usable
      assertThat(env.store(config).state(StateFiles.MARKER)).contains(StateFiles.MARKER_CONTENT);
    } else {
      BackupReport refused = mnemosyne.backup(config);
      assertThat(refused.failure())
          .as("a backup into the store that was never made")
          .containsInstanceOf(RefusedException.class);
      assertThat(env).hasNothingMountedOrOpen();
      mnemosyne.initStore(config);
    }
    BackupReport report = mnemosyne.backup(config);
    assertThat(report.outcome()).as("%s", report).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(env).hasNothingMountedOrOpen();
    assertThat(env.store(config)).stage("docs", 0).hasSameContentAs(source);
  }
}
