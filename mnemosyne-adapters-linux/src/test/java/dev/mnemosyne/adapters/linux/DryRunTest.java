package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.Secret;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.StoreSpec;
import dev.mnemosyne.core.port.Backend;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapters in dry-run mode: every command printed, redacted; no file written; nothing run. */
class DryRunTest {
  private static final String PASSWORD = "s3cret-pass";

  @TempDir
  Path temp;

  private final List<String> out = new ArrayList<>();

  private Backend adapters() {
    return LinuxAdapters.builder()
        .runtimeDirectory(temp.resolve("run"))
        .dryRun(out::add)
        .build();
  }

  private BackupConfig config() throws IOException {
    Path key = Files.writeString(temp.resolve("store.key"), "00".repeat(32));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path home = Files.createDirectories(temp.resolve("home"));
    return new BackupConfig(
        new Remote.Cifs(
            "//nas/backups",
            Optional.of("backup"),
            Optional.of(Secret.of(PASSWORD)),
            Optional.empty(),
            List.of("vers=3.0")),
        new StoreSpec("store.img", 10, Encryption.LUKS, Optional.of(key), Optional.empty()),
        RotationPolicy.ofHours(3, 24),
        List.of(new SourceDirectory(new StageKey("home"), home, List.of())));
  }

  private Mnemosyne mnemosyne(Backend linux) {
    return Mnemosyne.builder(linux).build();
  }

  @Test
  void theDryRunBackendSaysSoAndTheDefaultOneDoesNot() {
    assertThat(adapters().dryRun()).isTrue();
    assertThat(LinuxAdapters.backend().dryRun()).isFalse();
    assertThat(LinuxAdapters.backend().runtimeDirectory())
        .isEqualTo(LinuxAdapters.DEFAULT_RUNTIME_DIRECTORY);
  }

  @Test
  void initStoreOnALocalRemoteWritesNoImageNorAPartialOne() throws IOException {
    Path nas = Files.createDirectories(temp.resolve("nas"));
    BackupConfig config = config();
    BackupConfig local = new BackupConfig(
        new Remote.Local(nas), config.store(), config.strategy(), config.directories());

    mnemosyne(adapters()).initStore(local);

    assertThat(out)
        .anyMatch(l -> l.startsWith(
            "would create the sparse image " + nas.resolve("store.img.mnemosyne-partial")));
    try (Stream<Path> files = Files.list(nas)) {
      assertThat(files).as("nothing on the remote").isEmpty();
    }
    assertThat(temp.resolve("run")).doesNotExist();
  }

  @Test
  void initKeyWritesNoKeyFile() throws IOException {
    BackupConfig config = config();
    Path key = config.store().keyFile().orElseThrow();
    Files.delete(key);

    assertThat(mnemosyne(adapters()).initKey(config)).isEqualTo(key);

    assertThat(key).doesNotExist();
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("home");
    }
  }

  @Test
  void initStorePrintsEveryCommandAndWritesNothing() throws IOException {
    BackupConfig config = config();
    String id = config.storeId().value();
    Path remote = temp.resolve("run").resolve(id).resolve("remote");
    Path image = remote.resolve("store.img.mnemosyne-partial");

    mnemosyne(adapters()).initStore(config);

    assertThat(out)
        .contains(
            "mount -t cifs //nas/backups " + remote + " -o credentials=<private file>,vers=3.0",
            "cryptsetup luksFormat --type luks2 --batch-mode --key-file "
                + temp.resolve("store.key") + " " + image,
            "cryptsetup open --type luks --key-file " + temp.resolve("store.key") + " " + image
                + " mnemosyne-" + id,
            "mkfs.btrfs -q -f "
                + (PageSize.ofThisProcess() == 4096 ? "--nodesize 4096 " : "")
                + "-L mnemosyne /dev/mapper/mnemosyne-"
                + id,
            "mount -t btrfs -o noatime,compress=zstd:1 /dev/mapper/mnemosyne-" + id + " "
                + temp.resolve("run").resolve(id).resolve("store"),
            "umount " + temp.resolve("run").resolve(id).resolve("store"),
            "cryptsetup close mnemosyne-" + id,
            "umount " + remote);
    assertThat(out)
        .anyMatch(l -> l.startsWith("would write the credentials file "))
        .anyMatch(l -> l.startsWith("would create the sparse image " + image))
        .anyMatch(l -> l.startsWith("would lock "))
        .noneMatch(l -> l.contains(PASSWORD));
    assertThat(temp.resolve("run")).doesNotExist();
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("store.key", "home");
    }
  }

  @Test
  void backupPrintsTheTransferAndReadsNothing() throws IOException {
    BackupConfig config = config();

    mnemosyne(adapters()).backup(config);

    assertThat(out)
        .anyMatch(l -> l.startsWith("rsync -aHAX --numeric-ids --delete --inplace --no-whole-file"
            + " --sparse --block-size=4096 --modify-window=-1 --info=progress2 --stats "
            + temp.resolve("home")
            + "/ "))
        .anyMatch(l -> l.startsWith("btrfs subvolume create "))
        .noneMatch(l -> l.contains(PASSWORD));
    assertThat(temp.resolve("run")).doesNotExist();
  }

  @Test
  void readsFindNothing() {
    Backend linux = adapters();
    Path device = Path.of("/dev/loop9");
    MountedFilesystem fs =
        linux.snapshotFilesystem().mount(device, new dev.mnemosyne.core.model.StoreId("x-1"));

    assertThat(fs.entries()).isEmpty();
    assertThat(fs.readState("home.last")).isEmpty();
    assertThat(fs.space().totalBytes()).isZero();
    fs.writeState("home.last", "1");
    fs.close();

    assertThat(out).last().asString().startsWith("umount ");
    assertThat(out).contains("would write " + fs.root().resolve("home.last"));
  }
}
