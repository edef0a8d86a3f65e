package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.model.BackupConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that a run filled to the last byte recovers by itself once the source shrinks: the
 * next run does not need room for its bookkeeping before the copy deletes what is gone.
 */
class FullStoreRecoveryTest {
  @TempDir
  Path root;

  @Test
  void aStoreFilledByTheLastRunFreesItselfWhenTheSourceShrinks() throws IOException {
    FakeEnvironment env = FakeEnvironment.create(root);
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "one");
    BackupConfig config = env.config().rotation(3, 24).directory("docs", docs).build();
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    TreeContent first = TreeContent.of(docs);

    Path many = Files.createDirectories(docs.resolve("many"));
    for (int i = 0; i < 200; i++) {
      Files.writeString(many.resolve(i + ".txt"), "1234567");
    }
    env.snapshotFilesystem().capacity(1000);
    env.clock().advance(Duration.ofHours(25));
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.FAILED);

    try (var files = Files.list(many)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(many);
    Files.writeString(docs.resolve("a.txt"), "two");
    env.clock().advance(Duration.ofHours(1));
    BackupReport recovered = mnemosyne.backup(config);

    assertThat(recovered.failure()).isEmpty();
    assertThat(recovered.directories())
        .extracting(DirectoryReport::status)
        .containsExactly(DirectoryReport.Status.SYNCED);
    assertThat(env.store(config))
        .hasExactlyStages("docs", 0, 1)
        .stage("docs", 1)
        .hasContent(first);
    assertThat(env.store(config)).stage("docs", 0).hasSameContentAs(docs);
    assertThat(env).hasNothingMountedOrOpen();
  }
}
