package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupEvent;
import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.failure.FailureKind;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Hook;
import dev.mnemosyne.core.model.Hooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events a backup announces, in the order things happen: the opening steps, each
 * directory's start, steps and end, the teardown steps in reverse order of opening, and last
 * the finished run with the report the call returns, on success and on failure alike.
 */
class BackupEventsTest {
  private static final List<String> OPENING = List.of(
      "step ACQUIRE_LOCK",
      "step CLEAN_UP_LEFTOVERS",
      "step MOUNT_REMOTE",
      "step OPEN_VOLUME",
      "step MOUNT_FILESYSTEM",
      "step READ_STORE");
  private static final List<String> TEARDOWN = List.of(
      "step UNMOUNT_FILESYSTEM",
      "step CLOSE_VOLUME",
      "step UNMOUNT_REMOTE",
      "step RELEASE_LOCK",
      "step RELEASE_LOCK");

  @TempDir
  Path root;

  private FakeEnvironment env;
  private BackupConfig config;
  private final List<BackupEvent> events = new ArrayList<>();
  private Mnemosyne mnemosyne;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(root);
    Path docs = env.sourceDirectory("docs");
    Path music = env.sourceDirectory("music");
    Files.writeString(docs.resolve("a.txt"), "a");
    Files.writeString(music.resolve("b.txt"), "b");
    config = env.config()
        .rotation(3, 24)
        .directory("docs", docs)
        .directory("music", music)
        .build();
    mnemosyne = env.mnemosyneBuilder().listener(events::add).build();
    mnemosyne.initStore(config);
    events.clear();
  }

  @Test
  void aSuccessfulRunAnnouncesEachDirectoryTheTeardownAndItsEnd() {
    BackupReport report = mnemosyne.backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(sequence())
        .containsExactlyElementsOf(concat(
            OPENING,
            List.of(
                "started docs",
                "step CREATE_SUBVOLUME",
                "step TRANSFER",
                "finished docs SYNCED",
                "started music",
                "step CREATE_SUBVOLUME",
                "step TRANSFER",
                "finished music SYNCED"),
            TEARDOWN,
            List.of("run finished SUCCESS")));
    assertThat(events.get(events.size() - 1)).isEqualTo(new BackupEvent.RunFinished(report));
    assertThat(events)
        .filteredOn(BackupEvent.DirectoryStarted.class::isInstance)
        .containsExactly(
            new BackupEvent.DirectoryStarted("docs", config.directories().get(0).directory()),
            new BackupEvent.DirectoryStarted(
                "music", config.directories().get(1).directory()));
  }

  @Test
  void theTeardownStepsNameWhatTheyRelease() {
    mnemosyne.backup(config);

    List<BackupEvent.StepStarted> teardown = events.stream()
        .filter(BackupEvent.StepStarted.class::isInstance)
        .map(BackupEvent.StepStarted.class::cast)
        .filter(s -> TEARDOWN.contains("step " + s.step()))
        .collect(Collectors.toList());
    BackupEvent.StepStarted mountedFilesystem = stepNamed("MOUNT_FILESYSTEM");
    assertThat(teardown).hasSize(5);
    assertThat(teardown.get(1).detail())
        .as("the device that was mounted")
        .isEqualTo(mountedFilesystem.detail());
    assertThat(teardown.get(3).detail()).isEqualTo(config.storeId().value());
    assertThat(teardown).allSatisfy(s -> assertThat(s.detail()).isNotBlank());
  }

  @Test
  void aFailedCopyFailsItsDirectoryTheOthersGoOnAndTheRunStillEndsWithItsReport() {
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.error());

    BackupReport report = mnemosyne.backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(report.failureKind()).contains(FailureKind.STEP_FAILED);
    assertThat(sequence())
        .containsExactlyElementsOf(concat(
            OPENING,
            List.of(
                "started docs",
                "step CREATE_SUBVOLUME",
                "step TRANSFER",
                "finished docs FAILED",
                "started music",
                "step CREATE_SUBVOLUME",
                "step TRANSFER",
                "finished music SYNCED"),
            TEARDOWN,
            List.of("run finished FAILED")));
    assertThat(events.get(events.size() - 1)).isEqualTo(new BackupEvent.RunFinished(report));
  }

  @Test
  void anInterruptedCopyStopsTheRunWhichTearsDownAndEndsWithItsReport() {
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.cancelled());

    BackupReport report = mnemosyne.backup(config);

    assertThat(report.failureKind()).contains(FailureKind.CANCELLED);
    assertThat(sequence())
        .containsExactlyElementsOf(concat(
            OPENING,
            List.of(
                "started docs", "step CREATE_SUBVOLUME", "step TRANSFER", "finished docs FAILED"),
            TEARDOWN,
            List.of("run finished FAILED")));
  }

  @Test
  void aStoreThatCannotBeMountedIsTornDownAsFarAsItWasOpened() {
    env.faults().fail(Operation.FILESYSTEM_MOUNT, 1, Fault.error());

    BackupReport report = mnemosyne.backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(sequence())
        .containsExactly(
            "step ACQUIRE_LOCK",
            "step CLEAN_UP_LEFTOVERS",
            "step MOUNT_REMOTE",
            "step OPEN_VOLUME",
            "step MOUNT_FILESYSTEM",
            "step CLOSE_VOLUME",
            "step UNMOUNT_REMOTE",
            "step RELEASE_LOCK",
            "step RELEASE_LOCK",
            "run finished FAILED");
    MnemosyneAssertions.assertThat(env).hasNothingMountedOrOpen();
  }

  @Test
  void theAfterHookRunsOnceTheStoreIsClosedAndBeforeTheLockIsReleased() throws IOException {
    Hook after = new Hook(List.of("/usr/bin/true"), Duration.ofSeconds(30));
    BackupConfig withHook = env.config()
        .rotation(3, 24)
        .directory("docs", config.directories().get(0).directory())
        .hooks(new Hooks(Optional.empty(), Optional.of(after)))
        .build();
    Path dir = Files.createDirectories(root.resolve("etc"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path configFile = Files.writeString(dir.resolve("config.json"), "{}");
    Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-------"));

    env.mnemosyneBuilder().listener(events::add).configFile(configFile).build().backup(withHook);

    assertThat(sequence())
        .containsSubsequence(
            "finished docs SYNCED",
            "step UNMOUNT_FILESYSTEM",
            "step CLOSE_VOLUME",
            "step UNMOUNT_REMOTE",
            "step RUN_AFTER_HOOK",
            "step RELEASE_LOCK",
            "step RELEASE_LOCK",
            "run finished SUCCESS");
    assertThat(sequence()
            .subList(sequence().indexOf("step UNMOUNT_REMOTE"), sequence().size()))
        .containsExactly(
            "step UNMOUNT_REMOTE",
            "step RUN_AFTER_HOOK",
            "step RELEASE_LOCK",
            "step RELEASE_LOCK",
            "run finished SUCCESS");
  }

  private BackupEvent.StepStarted stepNamed(String step) {
    return events.stream()
        .filter(BackupEvent.StepStarted.class::isInstance)
        .map(BackupEvent.StepStarted.class::cast)
        .filter(s -> s.step().name().equals(step))
        .findFirst()
        .orElseThrow();
  }

  /** The events that tell where a run is, one line each; progress, notices and the like left out. */
  private List<String> sequence() {
    List<String> lines = new ArrayList<>();
    for (BackupEvent event : events) {
      if (event instanceof BackupEvent.StepStarted step) {
        lines.add("step " + step.step());
      } else if (event instanceof BackupEvent.DirectoryStarted started) {
        lines.add("started " + started.key());
      } else if (event instanceof BackupEvent.DirectoryFinished finished) {
        lines.add(
            "finished " + finished.report().key() + " " + finished.report().status());
      } else if (event instanceof BackupEvent.RunFinished finished) {
        lines.add("run finished " + finished.report().outcome());
      }
    }
    return lines;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }
}
