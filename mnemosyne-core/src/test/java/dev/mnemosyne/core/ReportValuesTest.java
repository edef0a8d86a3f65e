package dev.mnemosyne.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.failure.ConfigProblem;
import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.failure.FailureKind;
import dev.mnemosyne.core.failure.InternalFailureException;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.TransferStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The report values an embedding tool reads: failure kinds, the report's invariants, its warnings and totals. */
class ReportValuesTest {
  private static final Instant START = Instant.parse("2026-01-01T03:00:00Z");
  private static final MnemosyneException CANCELLED =
      new StepFailedException(Step.TRANSFER, Reason.CANCELLED, "interrupted");

  @ParameterizedTest
  @EnumSource(Reason.class)
  void everyReasonOfAFailedStepHasItsKind(Reason reason) {
    FailureKind kind =
        FailureKind.of(new StepFailedException(Step.MOUNT_REMOTE, reason, "it failed"));

    assertThat(kind.name()).isEqualTo(reason == Reason.ERROR ? "STEP_FAILED" : reason.name());
  }

  @Test
  void failuresThatAreNoFailedStepHaveTheirKindToo() {
    assertThat(FailureKind.of(new RefusedException("no"))).isEqualTo(FailureKind.REFUSED);
    assertThat(FailureKind.of(new EnvironmentNotReadyException("no key")))
        .isEqualTo(FailureKind.ENVIRONMENT_NOT_READY);
    assertThat(FailureKind.of(new StoreLockedException("held", OptionalLong.of(42))))
        .isEqualTo(FailureKind.STORE_LOCKED);
    assertThat(FailureKind.of(
            new ConfigException(List.of(new ConfigProblem("store.size", "missing")))))
        .isEqualTo(FailureKind.CONFIGURATION);
    assertThat(FailureKind.of(InternalFailureException.of(new StackOverflowError())))
        .isEqualTo(FailureKind.INTERNAL);
    assertThat(FailureKind.of(new MnemosyneException("unexpected error")))
        .isEqualTo(FailureKind.INTERNAL);
  }

  @Test
  void aSkippedOrFailedDirectoryMustSayWhy() {
    assertThatThrownBy(
            () -> directory("home", DirectoryReport.Status.SKIPPED, List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SKIPPED directory (home) must say why");
    assertThatThrownBy(
            () -> directory("home", DirectoryReport.Status.FAILED, List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(directory("home", DirectoryReport.Status.SKIPPED, List.of(), Optional.of(CANCELLED))
            .failureKind())
        .contains(FailureKind.CANCELLED);
  }

  @Test
  void aDirectorysKeyIsAStageKeysValue() {
    assertThatThrownBy(
            () -> directory("../etc", DirectoryReport.Status.SYNCED, List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../etc");
  }

  @Test
  void aReportWithAFailedDirectoryCarriesTheRunsFailure() {
    DirectoryReport skipped =
        directory("home", DirectoryReport.Status.SKIPPED, List.of(), Optional.of(CANCELLED));

    assertThatThrownBy(() -> report(List.of(skipped), List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must carry the run's failure");
    BackupReport failed = report(List.of(skipped), List.of(), Optional.of(CANCELLED));
    assertThat(failed.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(failed.failureKind()).contains(FailureKind.CANCELLED);
  }

  @Test
  void allWarningsAreTheRunsThenEachDirectorysWithItsKey() {
    BackupReport report = report(
        List.of(
            directory("etc", DirectoryReport.Status.SYNCED, List.of(), Optional.empty()),
            directory(
                "home",
                DirectoryReport.Status.SYNCED_WITH_WARNINGS,
                List.of("files vanished", "postponed"),
                Optional.empty())),
        List.of("the store is 95 % full"),
        Optional.empty());

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.WARNINGS);
    assertThat(report.allWarnings())
        .containsExactly(
            new BackupReport.Warning(Optional.empty(), "the store is 95 % full"),
            new BackupReport.Warning(Optional.of("home"), "files vanished"),
            new BackupReport.Warning(Optional.of("home"), "postponed"));
    assertThat(report.allWarnings())
        .extracting(Object::toString)
        .containsExactly("the store is 95 % full", "home: files vanished", "home: postponed");
  }

  @Test
  void theTotalsAddUpEveryDirectorysCounts() {
    BackupReport report = report(
        List.of(
            new DirectoryReport(
                "etc",
                Path.of("/etc"),
                DirectoryReport.Status.SYNCED,
                false,
                new TransferStats(10, 2, 1, 1000, 200),
                Duration.ofSeconds(3),
                List.of(),
                Optional.empty()),
            new DirectoryReport(
                "home",
                Path.of("/home"),
                DirectoryReport.Status.SYNCED,
                true,
                new TransferStats(5, 5, 0, 50, 50),
                Duration.ofSeconds(4),
                List.of(),
                Optional.empty())),
        List.of(),
        Optional.empty());

    assertThat(report.stats()).isEqualTo(new TransferStats(15, 7, 1, 1050, 250));
    assertThat(report(List.of(), List.of(), Optional.empty()).stats())
        .isEqualTo(TransferStats.NONE);
  }

  @Test
  void aRestoreRequestsOptionsHaveNames() {
    RestoreRequest plain = RestoreRequest.of("home.1:alice/notes", Path.of("/tmp/notes"));

    assertThat(plain)
        .isEqualTo(new RestoreRequest(
            new StageKey("home"), 1, "alice/notes", Path.of("/tmp/notes"), false, false));
    assertThat(plain.overwrite().force()).isTrue();
    assertThat(plain.overwrite().dryRun()).isFalse();
    assertThat(plain.asDryRun().dryRun()).isTrue();
    assertThat(plain.asDryRun().force()).isFalse();
    assertThat(plain.overwrite().asDryRun())
        .isEqualTo(new RestoreRequest(
            new StageKey("home"), 1, "alice/notes", Path.of("/tmp/notes"), true, true));
    assertThatThrownBy(() -> RestoreRequest.of("home.x", Path.of("/tmp")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KEY[.STAGE][:PATH]");
  }

  private static DirectoryReport directory(
      String key,
      DirectoryReport.Status status,
      List<String> warnings,
      Optional<MnemosyneException> failure) {
    return new DirectoryReport(
        key,
        Path.of("/srv", "x"),
        status,
        false,
        TransferStats.NONE,
        Duration.ZERO,
        warnings,
        failure);
  }

  private static BackupReport report(
      List<DirectoryReport> directories,
      List<String> warnings,
      Optional<MnemosyneException> failure) {
    return new BackupReport(START, Duration.ofMinutes(1), directories, warnings, failure);
  }
}
