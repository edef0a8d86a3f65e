package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.MountedStore;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.StoreSpec;
import dev.mnemosyne.core.port.Backend;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import dev.mnemosyne.testkit.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backup commits the store's filesystem once, between the copy and the record that the copy is
 * complete; the records that claim nothing about earlier writes (a copy under way, the time of a
 * rotation) are made durable on their own, and all of them read back after the store is unmounted.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class RealStateRecordCommitTest {
  @RegisterExtension
  static final RealHost host = new RealHost();

  private final TestClock clock = TestClock.create();
  private final List<String> commands = new ArrayList<>();

  @Test
  void aRotatingBackupCommitsOnceAfterTheCopyAndBeforeItsCompleteRecord() throws IOException {
    Path runtime = host.newDirectory("runtime").resolve("run");
    Path nas = host.newDirectory("nas");
    Path docs = host.newDirectory("docs");
    Files.writeString(docs.resolve("letter.txt"), "first draft");
    BackupConfig config = new BackupConfig(
        new Remote.Local(nas),
        new StoreSpec("store.img", 1, Encryption.NONE, Optional.empty(), Optional.empty()),
        RotationPolicy.ofHours(3, 24),
        List.of(new SourceDirectory(new StageKey("docs"), docs, List.of())));
    Backend linux = LinuxAdapters.builder()
        .runtimeDirectory(runtime)
        .commandTimeout(Duration.ofMinutes(2))
        .commandLog(commands::add)
        .build();
    Mnemosyne mnemosyne = Mnemosyne.builder(linux).clock(clock).build();
    mnemosyne.initStore(config);
    assertThat(mnemosyne.backup(config).failure()).isEmpty();
    clock.advance(Duration.ofHours(25));
    Files.writeString(docs.resolve("letter.txt"), "second draft");
    commands.clear();

    BackupReport rotating = mnemosyne.backup(config);

    assertThat(rotating.failure()).isEmpty();
    assertThat(rotating.directories().get(0).rotated()).isTrue();
    List<String> syncs =
        commands.stream().filter(c -> c.startsWith("btrfs filesystem sync ")).toList();
    assertThat(syncs).as("commits in %s", commands).hasSize(1);
    int rsync = indexOf("rsync -aHAX ");
    assertThat(rsync).isNotNegative();
    assertThat(commands.indexOf(syncs.get(0))).isGreaterThan(rsync);
    assertThat(indexOf("btrfs subvolume snapshot -r ")).isLessThan(rsync);
    try (MountedStore store = mnemosyne.mount(config)) {
      assertThat(store.root().resolve("docs.sync")).content().startsWith("complete");
      assertThat(store.root().resolve("docs.last")).isRegularFile();
      assertThat(store.root().resolve("docs.0/letter.txt")).hasContent("second draft");
      assertThat(store.root().resolve("docs.1/letter.txt")).hasContent("first draft");
    }
    assertThat(host.mountsBelow()).isEmpty();
    assertThat(host.loopDevicesBelow()).isEmpty();
  }

  private int indexOf(String prefix) {
    for (int i = 0; i < commands.size(); i++) {
      if (commands.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
