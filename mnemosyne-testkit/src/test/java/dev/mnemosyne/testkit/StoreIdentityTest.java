package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.MountedStore;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Remote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store is its image, not the name of its remote: two configurations that reach one image
 * (here a local remote by its path and through a symbolic link) are two names for one store,
 * and while one has it open the other is refused as locked, before it opens anything.
 */
class StoreIdentityTest {
  @TempDir
  Path root;

  private FakeEnvironment env;
  private BackupConfig byPath;
  private BackupConfig byLink;

  @BeforeEach
  void oneImageTwoConfigurations() throws IOException {
    env = FakeEnvironment.create(root);
    Path nas = Files.createDirectories(root.resolve("nas"));
    Path link = Files.createSymbolicLink(root.resolve("nas-link"), nas);
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "one");
    byPath = env.config().remote(new Remote.Local(nas)).directory("docs", docs).build();
    byLink = env.config().remote(new Remote.Local(link)).directory("docs", docs).build();
    assertThat(byPath.storeId()).as("the names differ").isNotEqualTo(byLink.storeId());
    env.mnemosyne().initStore(byPath);
  }

  @Test
  void aBackupUnderTheOtherNameIsLockedWhileTheStoreIsMounted() {
    Mnemosyne mnemosyne = env.mnemosyne();
    StoreLockedException refused;
    try (MountedStore mounted = mnemosyne.mount(byPath)) {
      int before = env.journal().size();

      refused = catchThrowableOfType(StoreLockedException.class, () -> mnemosyne.backup(byLink));

      assertThat(env.journal().since(before))
          .as("the other name opened no volume")
          .noneMatch(i -> i.operation() == Operation.VOLUME_OPEN);
    }
    assertThat(refused).isNotNull();
    assertThat(refused.getMessage())
        .contains("the store image", "in use by another mnemosyne run (pid ");
    assertThat(env).hasNothingMountedOrOpen();

    assertThat(mnemosyne.backup(byLink).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
  }

  @Test
  void twoStoresOnOneRemoteAreNotOneImage() {
    BackupConfig other = env.config()
        .remote(byPath.remote())
        .storeName("other.img")
        .directory("docs", byPath.directories().get(0).directory())
        .build();
    Mnemosyne mnemosyne = env.mnemosyne();
    mnemosyne.initStore(other);
    try (MountedStore mounted = mnemosyne.mount(byPath)) {
      assertThat(mnemosyne.backup(other).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    }
  }
}
