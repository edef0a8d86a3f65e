package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.BackupStatus;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.MountedStore;
import dev.mnemosyne.core.RestoreRequest;
import dev.mnemosyne.core.StageListing;
import dev.mnemosyne.core.VerifyOptions;
import dev.mnemosyne.core.VerifyReport;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.BackupConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands beyond backup, through the library API over the fakes. */
class StoreCommandsTest {
  @TempDir
  Path root;

  private FakeEnvironment env;
  private Path docs;
  private BackupConfig config;
  private Mnemosyne mnemosyne;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(root);
    docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "alpha");
    Files.setLastModifiedTime(
        docs.resolve("a.txt"), FileTime.from(env.clock().instant().minusSeconds(60)));
    config = env.config().rotation(3, 24).directory("docs", docs).build();
    mnemosyne = env.mnemosyneBuilder().stateDirectory(root.resolve("state")).build();
    mnemosyne.initStore(config);
  }

  @Test
  void anInterruptedSyncIsListedAsIncompleteAndHistoryWithItsTime() {
    mnemosyne.backup(config);
    env.clock().advance(Duration.ofHours(25));
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.partWay(0.5));
    mnemosyne.backup(config);

    List<StageListing> stages = mnemosyne.list(config).stages();

    assertThat(stages).extracting(s -> s.stage().name()).containsExactly("docs.0", "docs.1");
    assertThat(stages.get(0).lastSyncComplete()).contains(false);
    assertThat(stages.get(1).time()).contains(env.clock().instant());
    assertThat(stages.get(1).readOnly()).isTrue();
  }

  @Test
  void aDetachedMountLeavesTheStoreOpenWithoutTheLockUntilUnmount() {
    MountedStore store = mnemosyne.mount(config);
    store.detach();
    store.close();

    assertThat(env.leftovers()).isNotEmpty().noneMatch(l -> l.startsWith("lock held"));
    mnemosyne.unmount(config);
    assertThat(env.leftovers()).isEmpty();
  }

  @Test
  void unmountWaitsForNoOneAndRefusesWhileARunHoldsTheStore() {
    try (MountedStore store = mnemosyne.mount(config)) {
      assertThatThrownBy(() -> mnemosyne.unmount(config)).isInstanceOf(StoreLockedException.class);
      assertThat(store.root()).isDirectory();
    }
    assertThat(env.leftovers()).isEmpty();
  }

  @Test
  void aSymbolicLinkInAStageThatLeadsOutIsNotFollowed() throws IOException {
    Files.createSymbolicLink(docs.resolve("escape"), Path.of("/etc"));
    mnemosyne.backup(config);

    assertThatThrownBy(() ->
            mnemosyne.restore(config, RestoreRequest.of("docs:escape/passwd", root.resolve("out"))))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("symbolic link");
    assertThat(root.resolve("out")).doesNotExist();
    mnemosyne.restore(config, RestoreRequest.of("docs:escape", root.resolve("link")));
    assertThat(Files.readSymbolicLink(root.resolve("link/escape"))).isEqualTo(Path.of("/etc"));
    assertThat(env.leftovers()).isEmpty();
  }

  @Test
  void statusNeedsAStateDirectoryAndCountsOnlySuccessfulBackups() {
    assertThatThrownBy(() -> env.mnemosyne().status(config, Duration.ofHours(1)))
        .isInstanceOf(IllegalStateException.class);
    env.faults().fail(Operation.TRANSFER_MIRROR, 1, Fault.error());
    mnemosyne.backup(config);
    assertThat(mnemosyne.status(config, Duration.ofHours(1)).keys().get(0).lastSuccess())
        .isEmpty();

    mnemosyne.backup(config);
    env.clock().advance(Duration.ofMinutes(90));
    BackupStatus status = mnemosyne.status(config, Duration.ofHours(1));

    assertThat(status.keys().get(0).age()).contains(Duration.ofMinutes(90));
    assertThat(status.fresh()).isFalse();
    assertThat(mnemosyne.status(config, Duration.ofHours(2)).fresh()).isTrue();
  }

  @Test
  void verifyFindsAStageFileThatNoLongerMatchesItsSource() throws IOException {
    mnemosyne.backup(config);
    Files.writeString(env.store(config).stage("docs", 0).resolve("a.txt"), "alphA");

    VerifyReport report =
        mnemosyne.verify(config, new VerifyOptions(Duration.ofMinutes(1), Optional.of(5)));

    assertThat(report.clean()).isFalse();
    assertThat(report.keys().get(0).differences())
        .containsExactly(new VerifyReport.Difference("a.txt", "content"));
    assertThat(env.leftovers()).isEmpty();
  }
}
