package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.model.BackupConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A teardown whose filesystem unmount fails leaves, as the kernel would, the volume and the
 * share in use: the share is not unmounted under the open image, the leftovers say so, and the
 * next run cleans up and succeeds.
 */
@ExtendWith(FakeEnvironmentExtension.class)
class BusyTeardownTest {
  private static BackupConfig config(FakeEnvironment env, boolean encrypted) throws IOException {
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "alpha");
    ConfigBuilder builder =
        env.config().remote(env.cifsRemote()).rotation(3, 24).directory("docs", docs);
    return (encrypted ? builder : builder.unencrypted()).build();
  }

  @Test
  void aLuksStoreWhoseFilesystemCouldNotBeUnmountedKeepsTheShareMountedUntilTheNextRun(
      FakeEnvironment env) throws IOException {
    BackupConfig config = config(env, true);
    env.mnemosyne().initStore(config);
    env.faults().fail(Operation.FILESYSTEM_UNMOUNT, 1, Fault.error());

    BackupReport report = env.mnemosyne().backup(config);

    assertThat(report.outcome()).isNotEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(env.leftovers())
        .anyMatch(l -> l.startsWith("filesystem mounted: store " + config.storeId()))
        .anyMatch(l -> l.startsWith("volume open: store " + config.storeId()))
        .anyMatch(l -> l.startsWith("remote mounted: store " + config.storeId()));
    assertThat(env.journal().of(Operation.REMOTE_UNMOUNT))
        .last()
        .satisfies(call -> assertThat(call.failure()).get().asString().contains("target is busy"));

    assertThat(env.mnemosyne().backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
  }

  @Test
  void anUnencryptedStoreDetachedUnderItsMountedFilesystemStillHoldsTheShare(FakeEnvironment env)
      throws IOException {
    BackupConfig config = config(env, false);
    env.mnemosyne().initStore(config);
    env.faults().fail(Operation.FILESYSTEM_UNMOUNT, 1, Fault.error());

    BackupReport report = env.mnemosyne().backup(config);

    assertThat(report.outcome()).isNotEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(env.leftovers())
        .anyMatch(l -> l.startsWith("filesystem mounted: store " + config.storeId()))
        .anyMatch(l -> l.startsWith("device still attached: "))
        .anyMatch(l -> l.startsWith("remote mounted: store " + config.storeId()))
        .noneMatch(l -> l.startsWith("volume open"));

    assertThat(env.mnemosyne().backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
  }
}
