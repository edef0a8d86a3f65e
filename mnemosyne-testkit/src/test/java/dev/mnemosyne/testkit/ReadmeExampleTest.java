package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupEvent;
import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.failure.FailureKind;
import dev.mnemosyne.core.model.BackupConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The READMEs' examples, kept compiling and passing: the testkit's consumer test, the main
 * README's embedding example (with the fakes' backend where it has the Linux one), and the
 * handling of a backup's outcome of its embedding section, run for every outcome to check
 * that each prints what it should.
 */
class ReadmeExampleTest {
  /** The README's handling of the outcome, word for word; {@link #printOutcome} is the same code. */
  private static final String OUTCOME_EXAMPLE = """
      switch (report.outcome()) {
        case SUCCESS -> System.out.println("done in " + report.duration() + ": " + report.stats().filesTransferred()
            + " files, " + report.stats().bytesTransferred() + " bytes copied");
        case WARNINGS -> report.allWarnings().forEach(w -> System.out.println("warning: " + w));
        case FAILED -> System.err.println("failed (" + report.failureKind().orElseThrow() + "): "
            + report.failure().orElseThrow().getMessage());
      }
      """;

  @TempDir
  Path tmp;

  /** The main README's wiring, as it stands there; the test below runs the same lines. */
  private static final List<String> EMBEDDING = List.of(
      "Mnemosyne mnemosyne = Mnemosyne.builder(LinuxAdapters.backend())   // every port, /run/mnemosyne, no dry run",
      "    .listener(event -> {",
      "      if (event instanceof BackupEvent.DirectoryFinished done) {",
      "        System.out.println(done.report().key() + \": \" + done.report().status());",
      "      }",
      "    })",
      "    .build();");

  @Test
  void theEmbeddingExampleOfTheMainReadmeWiresInFiveLinesAndRuns(@TempDir Path tmp)
      throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("## Embedding mnemosyne in Java"));
    assertThat(section).contains(String.join("\n", EMBEDDING) + "\n");
    assertThat(EMBEDDING.stream()
            .filter(l -> !l.contains("listener") && !l.startsWith("      ") && !l.equals("    })")))
        .as("lines of wiring, the listener's body aside")
        .hasSizeLessThanOrEqualTo(5);

    FakeEnvironment env = FakeEnvironment.create(tmp);
    Files.writeString(env.sourceDirectory("docs").resolve("a.txt"), "first");
    BackupConfig config =
        env.config().directory("docs", env.sourceDirectory("docs")).build();
    List<String> printed = new ArrayList<>();
    // The README's lines, with the fakes' backend and a list in place of System.out.
    Mnemosyne mnemosyne = Mnemosyne.builder(env.backend())
        .listener(event -> {
          if (event instanceof BackupEvent.DirectoryFinished done) {
            printed.add(done.report().key() + ": " + done.report().status());
          }
        })
        .build();
    mnemosyne.initStore(config);
    BackupReport report = mnemosyne.backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(printed).containsExactly("docs: SYNCED");
  }

  @Test
  void keepsAWeekOfHistory() throws IOException {
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
    MnemosyneAssertions.assertThat(env.store(config))
        .hasStagesZeroTo("docs", 1)
        .hasReadOnlyHistory("docs");
    MnemosyneAssertions.assertThat(env.store(config)).stage("docs", 0).hasSameContentAs(docs);
  }

  @Test
  void theReadmeShowsTheOutcomeHandlingThatIsTestedHere() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));

    assertThat(readme).contains(OUTCOME_EXAMPLE);
  }

  @Test
  void aSuccessPrintsItsDurationAndWhatWasCopied() throws IOException {
    FakeEnvironment env = FakeEnvironment.create(tmp);
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "first");
    Files.writeString(docs.resolve("b.txt"), "12345678");
    BackupConfig config = env.config().directory("docs", docs).build();
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);

    BackupReport report = mnemosyne.backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    Printed printed = print(report);
    assertThat(printed.out()).matches("done in PT[0-9.S]+: 2 files, 13 bytes copied\n");
    assertThat(printed.err()).isEmpty();
  }

  @Test
  void aRunWithADirectorysWarningOnlyPrintsItWithItsKey() throws IOException {
    FakeEnvironment env = FakeEnvironment.create(tmp);
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "first");
    BackupConfig config = env.config().rotation(3, 24).directory("docs", docs).build();
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    mnemosyne.backup(config);
    env.clock().advance(Duration.ofHours(25));
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.partWay(0.5));
    mnemosyne.backup(config);
    env.clock().advance(Duration.ofHours(25));

    BackupReport report = mnemosyne.backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.WARNINGS);
    assertThat(report.warnings()).as("no warning of the whole run").isEmpty();
    Printed printed = print(report);
    assertThat(printed.out())
        .startsWith("warning: docs: rotation of docs postponed: the last copy into docs.0 did"
            + " not complete")
        .endsWith("this run completes it\n");
    assertThat(printed.out().lines()).hasSize(1);
    assertThat(printed.err()).isEmpty();
  }

  @Test
  void anInterruptedRunPrintsThatItWasCancelled() throws IOException {
    FakeEnvironment env = FakeEnvironment.create(tmp);
    Path docs = env.sourceDirectory("docs");
    Path music = env.sourceDirectory("music");
    Files.writeString(docs.resolve("a.txt"), "first");
    BackupConfig config =
        env.config().directory("docs", docs).directory("music", music).build();
    Mnemosyne mnemosyne = env.mnemosyneBuilder()
        .listener(event -> {
          if (event instanceof BackupEvent.DirectoryFinished) {
            Thread.currentThread().interrupt();
          }
        })
        .build();
    mnemosyne.initStore(config);

    BackupReport report;
    try {
      report = mnemosyne.backup(config);
    } finally {
      assertThat(Thread.interrupted())
          .as("the interrupt is kept for the caller")
          .isTrue();
    }

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    Printed printed = print(report);
    assertThat(printed.err())
        .isEqualTo("failed (CANCELLED): could not copy files: the run was interrupted before"
            + " backing up music\n");
    assertThat(printed.out()).isEmpty();
    MnemosyneAssertions.assertThat(env).hasNothingMountedOrOpen();
  }

  @Test
  void aFailedCopyPrintsTheStepThatFailed() throws IOException {
    FakeEnvironment env = FakeEnvironment.create(tmp);
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "first");
    BackupConfig config = env.config().directory("docs", docs).build();
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.error());

    BackupReport report = mnemosyne.backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(report.failureKind()).contains(FailureKind.STEP_FAILED);
    Printed printed = print(report);
    assertThat(printed.err()).startsWith("failed (STEP_FAILED): could not copy files: ");
    assertThat(printed.err().lines()).hasSize(1);
    assertThat(printed.out()).isEmpty();
  }

  /** What {@link #printOutcome} printed on standard output and standard error. */
  private record Printed(String out, String err) {}

  private static Printed print(BackupReport report) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
      printOutcome(report);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Printed(
        capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
  }

  /** {@link #OUTCOME_EXAMPLE}, as code. */
  private static void printOutcome(BackupReport report) {
    switch (report.outcome()) {
      case SUCCESS ->
        System.out.println(
            "done in " + report.duration() + ": " + report.stats().filesTransferred() + " files, "
                + report.stats().bytesTransferred() + " bytes copied");
      case WARNINGS -> report.allWarnings().forEach(w -> System.out.println("warning: " + w));
      case FAILED ->
        System.err.println("failed (" + report.failureKind().orElseThrow() + "): "
            + report.failure().orElseThrow().getMessage());
    }
  }
}
