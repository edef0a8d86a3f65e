package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.model.BackupConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that is suddenly empty (its disk not mounted) is not mirrored over a live copy
 * that holds files: the directory fails loudly and the copy and history stay, run after run,
 * until the data is back.
 */
class EmptySourceTest {
  @TempDir
  Path root;

  @Test
  void anEmptiedSourceIsNotMirroredOverItsCopyNorRotatedIntoHistory() throws IOException {
    FakeEnvironment env = FakeEnvironment.create(root);
    Path docs = env.sourceDirectory("docs");
    Path other = env.sourceDirectory("other");
    Files.writeString(docs.resolve("a.txt"), "one");
    Files.writeString(other.resolve("b.txt"), "beta");
    BackupConfig config = env.config()
        .rotation(3, 24)
        .directory("docs", docs)
        .directory("other", other)
        .build();
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    TreeContent copy = TreeContent.of(docs);

    Files.delete(docs.resolve("a.txt"));
    for (int day = 1; day <= 3; day++) {
      env.clock().advance(Duration.ofHours(25));
      BackupReport report = mnemosyne.backup(config);

      DirectoryReport directory = report.directories().get(0);
      assertThat(directory.status()).isEqualTo(DirectoryReport.Status.FAILED);
      assertThat(directory.failure())
          .hasValueSatisfying(f -> assertThat(f)
              .isInstanceOf(EnvironmentNotReadyException.class)
              .hasMessageContaining("is empty, but its last copy docs.0"));
      assertThat(report.directories().get(1).status())
          .as("other directories go on")
          .isEqualTo(DirectoryReport.Status.SYNCED);
    }
    assertThat(env.store(config)).hasExactlyStages("docs", 0).stage("docs", 0).hasContent(copy);

    Files.writeString(docs.resolve("a.txt"), "back");
    env.clock().advance(Duration.ofHours(25));
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(env.store(config))
        .hasExactlyStages("docs", 0, 1)
        .stage("docs", 1)
        .hasContent(copy);
    assertThat(env).hasNothingMountedOrOpen();
  }
}
