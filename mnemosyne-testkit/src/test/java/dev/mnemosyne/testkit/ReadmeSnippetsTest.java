package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.MountedStore;
import dev.mnemosyne.core.config.ConfigLoader;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.port.Handle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The snippets of the testkit's README, kept compiling and passing; keep the two in step. */
@ExtendWith(FakeEnvironmentExtension.class)
class ReadmeSnippetsTest {
  // -- README: "A consumer test"
  @Test
  void keepsAWeekOfHistory(FakeEnvironment env) throws IOException {
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
    MnemosyneAssertions.assertThat(env.store(config))
        .hasStagesZeroTo("docs", 1)
        .hasReadOnlyHistory("docs");
    MnemosyneAssertions.assertThat(env.store(config)).stage("docs", 0).hasSameContentAs(docs);
  }

  // -- README: "Faults"
  @Test
  void aFullStoreFailsTheRunAndKeepsTheHistory(FakeEnvironment env) throws IOException {
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "alpha");
    BackupConfig config = env.config().rotation(3, 24).directory("docs", docs).build();
    env.mnemosyne().initStore(config);

    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.noSpace());
    BackupReport report = env.mnemosyne().backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(report.failure())
        .get()
        .isInstanceOfSatisfying(
            StepFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(StepFailedException.Reason.NO_SPACE));
    assertThat(env.mnemosyne().backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
  }

  // -- README: "The journal"
  @Test
  void aBackupMountsOpensCopiesAndReleasesInOrder(FakeEnvironment env) throws IOException {
    Path docs = env.sourceDirectory("docs");
    BackupConfig config = env.config().rotation(3, 24).directory("docs", docs).build();
    env.mnemosyne().initStore(config);
    int before = env.journal().size();

    env.mnemosyne().backup(config);

    assertThat(env.journal().since(before))
        .extracting(Interaction::operation)
        .containsSubsequence(
            Operation.LOCK_ACQUIRE,
            Operation.REMOTE_MOUNT,
            Operation.VOLUME_OPEN,
            Operation.FILESYSTEM_MOUNT,
            Operation.TRANSFER_MIRROR,
            Operation.FILESYSTEM_UNMOUNT,
            Operation.VOLUME_CLOSE,
            Operation.REMOTE_UNMOUNT,
            Operation.LOCK_RELEASE);
    assertThat(env.journal().since(before)).noneMatch(Interaction::failed);
  }

  // -- README: "A second lock holder"
  @Test
  void aRunIsRefusedWhileAnotherHoldsTheStore(FakeEnvironment env) {
    BackupConfig config = env.config()
        .rotation(3, 24)
        .directory("docs", env.sourceDirectory("docs"))
        .build();
    env.mnemosyne().initStore(config);

    try (Handle otherRun = env.runLock().acquire(config.storeId())) {
      assertThatThrownBy(() -> env.mnemosyne().backup(config))
          .isInstanceOf(StoreLockedException.class);
    }
    assertThat(env.mnemosyne().backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
  }

  // -- README: "The fakes are as strict as the kernel"
  @Test
  void aStoreWithAFileOpenInItStaysMountedUntilTheFileIsClosed(FakeEnvironment env)
      throws IOException {
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "alpha");
    BackupConfig config = env.config()
        .remote(env.cifsRemote())
        .rotation(3, 24)
        .directory("docs", docs)
        .build();
    env.mnemosyne().initStore(config);
    env.mnemosyne().backup(config);

    MountedStore store = env.mnemosyne().mount(config);
    try (Handle reader = env.holdOpen(store.root().resolve("docs.0").resolve("a.txt"))) {
      assertThatThrownBy(store::close)
          .isInstanceOf(StepFailedException.class)
          .hasMessageContaining("target is busy");
      assertThat(env.leftovers())
          .anyMatch(l -> l.startsWith("filesystem mounted"))
          .anyMatch(l -> l.startsWith("remote mounted"));
    }
    env.mnemosyne().unmount(config);
  }

  // -- README: "A configuration file"
  @Test
  void codeThatTakesAConfigurationPathReadsWhatTheKitWrote(FakeEnvironment env) {
    BackupConfig config = env.config()
        .remote(env.cifsRemote())
        .rotation(3, 24)
        .directory("docs", env.sourceDirectory("docs"))
        .build();

    Path file = env.writeConfig(config);

    assertThat(ConfigLoader.load(file)).isEqualTo(config);
  }
}
