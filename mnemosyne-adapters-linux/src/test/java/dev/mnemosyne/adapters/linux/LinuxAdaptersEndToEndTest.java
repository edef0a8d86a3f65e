package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.DirectoryReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.MountedStore;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.KeyDerivation;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.StoreSpec;
import dev.mnemosyne.core.port.Backend;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.VolumeKey;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import dev.mnemosyne.testkit.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The use cases over the real Linux adapters: stores in images on a local remote, on loop
 * devices, with real btrfs and rsync; unencrypted ones everywhere, LUKS ones where the kernel
 * has device-mapper.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class LinuxAdaptersEndToEndTest {
  @RegisterExtension
  static final RealHost host = new RealHost();

  private final TestClock clock = TestClock.create();
  private final List<String> commands = new ArrayList<>();
  private Path runtime;
  private Path nas;
  private Path docs;
  private BackupConfig config;

  @BeforeEach
  void setUp() throws IOException {
    runtime = host.newDirectory("runtime").resolve("run");
    nas = host.newDirectory("nas");
    docs = host.newDirectory("docs");
    Files.writeString(docs.resolve("letter.txt"), "first draft");
    config = new BackupConfig(
        new Remote.Local(nas),
        new StoreSpec("store.img", 1, Encryption.NONE, Optional.empty(), Optional.empty()),
        RotationPolicy.ofHours(3, 24),
        List.of(new SourceDirectory(new StageKey("docs"), docs, List.of("*.tmp"))));
  }

  private Backend adapters() {
    return LinuxAdapters.builder()
        .runtimeDirectory(runtime)
        .commandTimeout(Duration.ofMinutes(2))
        .commandLog(commands::add)
        .build();
  }

  private Mnemosyne mnemosyne() {
    return Mnemosyne.builder(adapters()).clock(clock).build();
  }

  @Test
  void initialisesBacksUpRotatesAndTearsEverythingDown() throws IOException {
    Mnemosyne mnemosyne = mnemosyne();
    mnemosyne.initStore(config);
    assertThat(nas.resolve("store.img")).hasSize(1L << 30);

    BackupReport first = mnemosyne.backup(config);
    assertThat(first.failure()).isEmpty();
    assertThat(first.directories())
        .extracting(DirectoryReport::status)
        .containsExactly(DirectoryReport.Status.SYNCED);

    clock.advance(Duration.ofHours(25));
    Files.writeString(docs.resolve("letter.txt"), "second draft");
    Files.writeString(docs.resolve("scratch.tmp"), "left out");
    BackupReport second = mnemosyne.backup(config);
    assertThat(second.failure()).isEmpty();
    assertThat(second.directories().get(0).rotated()).isTrue();

    try (MountedStore store = mnemosyne.mount(config)) {
      assertThat(store.root().resolve("docs.0/letter.txt")).hasContent("second draft");
      assertThat(store.root().resolve("docs.0/scratch.tmp")).doesNotExist();
      assertThat(store.root().resolve("docs.1/letter.txt")).hasContent("first draft");
      assertThat(RealHost.exitCode("touch", store.root().resolve("docs.1/new").toString()))
          .isNotZero();
    }
    assertThat(host.mountsBelow()).isEmpty();
    assertThat(host.loopDevicesBelow()).isEmpty();
    assertThat(commands)
        .anyMatch(c -> c.startsWith("rsync -aHAX --numeric-ids --delete --inplace --no-whole-file"))
        .anyMatch(c -> c.startsWith("btrfs subvolume snapshot -r "));
  }

  @Test
  @RequiresCapability(Capability.DM_CRYPT)
  void anEncryptedStoreIsInitialisedBackedUpAndOpenedOnlyWithItsKey() throws IOException {
    Path key = host.newDirectory("keys").resolve("store.key");
    Files.createFile(
        key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(key, "5a".repeat(32));
    BackupConfig encrypted = new BackupConfig(
        config.remote(),
        new StoreSpec(
            "luks.img",
            1,
            Encryption.LUKS,
            Optional.of(key),
            Optional.of(new KeyDerivation("pbkdf2", OptionalInt.of(1000), OptionalInt.empty()))),
        config.strategy(),
        config.directories());
    Mnemosyne mnemosyne = mnemosyne();

    mnemosyne.initStore(encrypted);
    BackupReport report = mnemosyne.backup(encrypted);

    assertThat(report.failure()).isEmpty();
    try (MountedStore store = mnemosyne.mount(encrypted)) {
      assertThat(store.root().resolve("docs.0/letter.txt")).hasContent("first draft");
    }
    assertThat(host.mountsBelow()).isEmpty();
    assertThat(host.loopDevicesBelow()).isEmpty();
    assertThat(Path.of("/dev/mapper", "mnemosyne-" + encrypted.storeId())).doesNotExist();
  }

  @Test
  void aRunCleansUpWhatACrashedRunOfTheStoreLeftMountedAndAttached() throws IOException {
    mnemosyne().initStore(config);
    // A run that died without tearing down: the volume attached and the filesystem mounted.
    Backend crashed = adapters();
    Path image = nas.resolve("store.img");
    Path device = crashed
        .encryptedVolume()
        .open(image, VolumeKey.none(), config.storeId())
        .device();
    crashed.snapshotFilesystem().mount(device, config.storeId());
    assertThat(host.mountsBelow()).isNotEmpty();

    BackupReport report = mnemosyne().backup(config);

    assertThat(report.failure()).isEmpty();
    assertThat(report.directories())
        .extracting(DirectoryReport::status)
        .containsExactly(DirectoryReport.Status.SYNCED);
    assertThat(host.mountsBelow()).isEmpty();
    assertThat(host.loopDevicesBelow()).isEmpty();
  }

  @Test
  void aSecondRunOfTheStoreIsRefusedWhileTheFirstHoldsIt() {
    mnemosyne().initStore(config);
    try (Handle held = adapters().runLock().acquire(config.storeId())) {
      assertThatThrownBy(() -> mnemosyne().backup(config))
          .isInstanceOf(StoreLockedException.class)
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
    assertThat(host.mountsBelow()).isEmpty();
  }
}
