package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupEvent;
import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.model.BackupConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The READMEs' examples, kept compiling and passing: the testkit's consumer test, and the main
 * README's embedding example (with the fakes' backend where it has the Linux one).
 */
class ReadmeExampleTest {
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
  void theEmbeddingExampleOfTheMainReadmeWiresInFiveLinesAndRuns(@TempDir Path tmp) throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("## Embedding mnemosyne in Java"));
    assertThat(section).contains(String.join("\n", EMBEDDING) + "\n");
    assertThat(EMBEDDING.stream().filter(l -> !l.contains("listener") && !l.startsWith("      ")
        && !l.equals("    })"))).as("lines of wiring, the listener's body aside").hasSizeLessThanOrEqualTo(5);

    FakeEnvironment env = FakeEnvironment.create(tmp);
    Files.writeString(env.sourceDirectory("docs").resolve("a.txt"), "first");
    BackupConfig config = env.config().directory("docs", env.sourceDirectory("docs")).build();
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
