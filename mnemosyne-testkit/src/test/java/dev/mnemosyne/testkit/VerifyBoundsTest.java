package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.VerifyOptions;
import dev.mnemosyne.core.VerifyReport;
import dev.mnemosyne.core.model.BackupConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code verify} keeps is bounded whatever the number of files: every difference is
 * counted, only the first hundred are listed, and a sample compares exactly as many files as
 * asked for.
 */
class VerifyBoundsTest {
  private static final int FILES = 250;

  @TempDir
  Path root;

  private FakeEnvironment env;
  private BackupConfig config;
  private Mnemosyne mnemosyne;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(root);
    Path docs = env.sourceDirectory("docs");
    for (int i = 0; i < FILES; i++) {
      Path file = docs.resolve("d" + (i % 7)).resolve("f" + i);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "content " + i);
      Files.setLastModifiedTime(file, FileTime.from(env.clock().instant().minusSeconds(60)));
    }
    config = env.config().rotation(3, 24).directory("docs", docs).build();
    mnemosyne = env.mnemosyne();
    mnemosyne.initStore(config);
    mnemosyne.backup(config);
  }

  @Test
  void allDifferencesAreCountedAndTheFirstHundredListed() throws IOException {
    Path live = env.store(config).stage("docs", 0);
    for (int i = 0; i < 180; i++) {
      Files.writeString(live.resolve("d" + (i % 7)).resolve("f" + i), "changed " + i);
    }

    VerifyReport.KeyCheck key = mnemosyne
        .verify(config, new VerifyOptions(Duration.ofMinutes(1), Optional.empty()))
        .keys()
        .get(0);

    assertThat(key.compared()).isEqualTo(FILES);
    assertThat(key.differing()).isEqualTo(180);
    assertThat(key.differences())
        .hasSize(100)
        .allSatisfy(d -> assertThat(d.problem()).isIn("size", "content"));
    assertThat(key.truncated()).isTrue();
    assertThat(env.leftovers()).isEmpty();
  }

  @Test
  void aSampleComparesExactlyAsManyFilesAsAskedFor() {
    VerifyReport report =
        mnemosyne.verify(config, new VerifyOptions(Duration.ofMinutes(1), Optional.of(40)));

    VerifyReport.KeyCheck key = report.keys().get(0);
    assertThat(key.eligible()).isEqualTo(FILES);
    assertThat(key.compared()).isEqualTo(40);
    assertThat(key.differing()).isZero();
    assertThat(key.truncated()).isFalse();
    assertThat(report.clean()).isTrue();
  }

  @Test
  void aSampleLargerThanTheSourceComparesEveryFile() {
    VerifyReport.KeyCheck key = mnemosyne
        .verify(config, new VerifyOptions(Duration.ofMinutes(1), Optional.of(5000)))
        .keys()
        .get(0);

    assertThat(key.compared()).isEqualTo(FILES);
  }
}
