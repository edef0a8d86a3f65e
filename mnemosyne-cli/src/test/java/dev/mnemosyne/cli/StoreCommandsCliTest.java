package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.core.config.ConfigLoader;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.testkit.FakeEnvironment;
import dev.mnemosyne.testkit.Fault;
import dev.mnemosyne.testkit.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --list}, {@code --restore}, {@code --mount --detach}, {@code --unmount} and {@code --status} over the fakes. */
class StoreCommandsCliTest {
  @TempDir
  Path temp;

  private FakeEnvironment env;
  private Path source;
  private Path config;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(temp.resolve("world"));
    source = env.sourceDirectory("docs");
    Files.writeString(source.resolve("a.txt"), "alpha");
    Files.createDirectories(source.resolve("sub"));
    Files.writeString(source.resolve("sub/b.txt"), "beta");
    Path remote = env.localRemote().path();
    config = TestConfigs.write(
        temp.resolve("config.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"fake.btrfs\", \"size\": 1, \"keyfile\": \"" + env.keyFile()
            + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 24},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + source
            + "\"}]}\n"
            + "}\n");
    assertThat(call("--init-store").code()).isZero();
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertThat(env.leftovers()).isEmpty();
  }

  private CliRun call(String... args) {
    return CliRun.callWithConfig(new FakeAdapters(env), temp, config, args);
  }

  private void backUp() {
    CliRun run = call("--backup");
    assertThat(run.code()).as(run.toString()).isZero();
  }

  /** Two backups a day apart: docs.1 holds the first, docs.0 the second. */
  private void twoBackups() throws IOException {
    backUp();
    env.clock().advance(Duration.ofHours(25));
    Files.writeString(source.resolve("a.txt"), "alpha, second version");
    backUp();
  }

  @Test
  void listShowsEachStageWithItsTimeItsLastSyncAndItsSize() throws IOException {
    twoBackups();

    CliRun run = call("--list", "--json");

    assertThat(run.code()).as(run.toString()).isZero();
    JsonNode keys = run.json().get("keys");
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0).get("key").asText()).isEqualTo("docs");
    JsonNode live = keys.get(0).get("stages").get(0);
    JsonNode history = keys.get(0).get("stages").get(1);
    assertThat(live.get("stage").asText()).isEqualTo("docs.0");
    assertThat(live.get("lastSyncComplete").asBoolean()).isTrue();
    assertThat(live.get("time").asText()).isEqualTo(env.clock().instant().toString());
    assertThat(live.get("readOnly").asBoolean()).isFalse();
    assertThat(history.get("stage").asText()).isEqualTo("docs.1");
    assertThat(history.get("readOnly").asBoolean()).isTrue();
    assertThat(history.get("lastSyncComplete").isNull()).isTrue();
    assertThat(history.get("time").asText()).isEqualTo(env.clock().instant().toString());
    assertThat(history.get("totalBytes").asLong()).isEqualTo("alpha".length() + "beta".length());
    assertThat(history.get("exclusiveBytes").isNull())
        .as("unknown without btrfs")
        .isTrue();
    assertThat(call("--list").out())
        .contains("docs\n", "docs.0", "last sync", "complete", "docs.1", "taken", "size 9 B");
  }

  @Test
  void restoreCopiesTheLiveStageOrAFileOfAnOlderStageIntoANewDirectory() throws IOException {
    twoBackups();
    Path all = temp.resolve("restored-all");
    Path one = temp.resolve("restored-one");

    CliRun whole = call("--restore", "docs", "--target", all.toString(), "--json");
    CliRun file = call("--restore", "docs.1:a.txt", "--target", one.toString());

    assertThat(whole.code()).as(whole.toString()).isZero();
    assertThat(all.resolve("a.txt")).hasContent("alpha, second version");
    assertThat(all.resolve("sub/b.txt")).hasContent("beta");
    assertThat(whole.json().get("stage").asText()).isEqualTo("docs.0");
    assertThat(whole.json().get("items").asLong()).isEqualTo(3);
    assertThat(file.code()).as(file.toString()).isZero();
    assertThat(one.resolve("a.txt")).hasContent("alpha");
    assertThat(one.resolve("sub")).doesNotExist();
  }

  @Test
  void aRestoreByTheSourcesAbsolutePathFindsItInTheStage() {
    backUp();
    Path target = temp.resolve("out");

    CliRun run = call("--restore", "docs:" + source.resolve("sub"), "--target", target.toString());

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(target.resolve("b.txt")).hasContent("beta");
  }

  @Test
  void aDryRunRestoreListsWhatItWouldCopyAndWritesNothing() {
    backUp();
    Path target = temp.resolve("out");

    CliRun run = call("--restore", "docs", "--target", target.toString(), "--dry-run", "--json");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.json().get("dryRun").asBoolean()).isTrue();
    assertThat(run.json().get("wouldRestore").toString()).contains("a.txt", "sub/b.txt");
    assertThat(target).doesNotExist();
  }

  @Test
  void restoreRefusesPathsOutOfTheStageANonEmptyTargetAndTheSourceUnlessForced()
      throws IOException {
    backUp();
    Path busy = Files.createDirectories(temp.resolve("busy"));
    Files.writeString(busy.resolve("mine.txt"), "mine");

    assertThat(
            call("--restore", "docs:../../etc", "--target", temp.resolve("t1").toString())
                .code())
        .isEqualTo(7);
    assertThat(
            call("--restore", "docs:/etc/passwd", "--target", temp.resolve("t2").toString())
                .code())
        .isEqualTo(7);
    assertThat(call("--restore", "docs.4", "--target", temp.resolve("t3").toString())
            .code())
        .isEqualTo(7);
    CliRun nonEmpty = call("--restore", "docs", "--target", busy.toString());
    assertThat(nonEmpty.code()).isEqualTo(7);
    assertThat(nonEmpty.err()).contains("not empty", "--force");
    assertThat(call("--restore", "docs", "--target", source.resolve("restored").toString())
            .code())
        .isEqualTo(7);
    assertThat(call("--restore", "docs:", "--target", temp.resolve("t4").toString())
            .code())
        .isZero();
    assertThat(call("--restore", "bad key!", "--target", temp.resolve("t5").toString())
            .code())
        .isEqualTo(2);
    assertThat(temp.resolve("t1")).doesNotExist();

    CliRun forced = call("--restore", "docs", "--target", busy.toString(), "--force");
    assertThat(forced.code()).as(forced.toString()).isZero();
    assertThat(busy.resolve("mine.txt")).hasContent("mine");
    assertThat(busy.resolve("a.txt")).hasContent("alpha");
  }

  @Test
  void aDetachedMountStaysUntilUnmount() {
    StoreId store = ConfigLoader.load(config).storeId();

    CliRun mount = call("--mount", "--detach", "--json");

    assertThat(mount.code()).as(mount.toString()).isZero();
    assertThat(mount.json().get("detached").asBoolean()).isTrue();
    assertThat(env.snapshotFilesystem().isMounted(store)).isTrue();
    assertThat(env.leftovers()).noneMatch(l -> l.startsWith("lock held"));

    CliRun unmount = call("--unmount", "--json");

    assertThat(unmount.code()).as(unmount.toString()).isZero();
    assertThat(env.snapshotFilesystem().isMounted(store)).isFalse();
    assertThat(call("--unmount").code()).as("nothing to tear down").isZero();
  }

  @Test
  void statusTellsTheAgeOfTheLastBackupAndExitsNineWhenItIsTooOld() {
    CliRun none = call("--status", "--json");
    assertThat(none.code()).isEqualTo(9);
    assertThat(none.json().get("keys").get(0).get("lastSuccess").isNull()).isTrue();

    backUp();
    env.clock().advance(Duration.ofHours(30));
    CliRun fresh = call("--status", "--json");
    assertThat(fresh.code()).as(fresh.toString()).isZero();
    JsonNode docs = fresh.json().get("keys").get(0);
    assertThat(docs.get("key").asText()).isEqualTo("docs");
    assertThat(docs.get("ageSeconds").asLong()).isEqualTo(Duration.ofHours(30).toSeconds());
    assertThat(docs.get("tooOld").asBoolean()).isFalse();
    assertThat(fresh.json().get("maxAgeHours").asDouble()).isEqualTo(48.0);

    CliRun strict = call("--status", "--max-age", "24");
    assertThat(strict.code()).isEqualTo(9);
    assertThat(strict.out()).contains("docs: last backup", "1 d 6 h ago", "older than 1 d");
    assertThat(temp.resolve("state")
            .resolve(ConfigLoader.load(config).storeId().value())
            .resolve("status"))
        .exists();
  }

  @Test
  void aRecoveryKitHoldsThePrivateKeyTheHeaderTheConfigAndTheSteps() throws IOException {
    Path kit = temp.resolve("kit");

    CliRun run = call("--export-recovery-kit", kit.toString(), "--json");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.json().get("files")).hasSize(5);
    assertThat(kit.resolve("key-slot")).content().startsWith("slot 0\nsalt ");
    assertThat(Files.getPosixFilePermissions(kit))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(kit.resolve("store.key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readAllBytes(kit.resolve("store.key")))
        .isEqualTo(Files.readAllBytes(env.keyFile()));
    assertThat(kit.resolve("luks-header.img")).isNotEmptyFile();
    assertThat(kit.resolve("config.json")).content().contains("fake.btrfs", "\"docs\"");
    // The backend's own instructions: the fakes' name the store and its keys (the Linux recipe is
    // LinuxRecoveryInstructionsTest's and RecoveryKitEndToEndTest's).
    assertThat(kit.resolve("RECOVERY.md")).content().contains("fake.btrfs", "docs.0", "store.key");

    CliRun again = call("--export-recovery-kit", kit.toString());
    assertThat(again.code()).as("a kit goes into a new or empty directory").isEqualTo(7);
    assertThat(again.err()).contains("not empty");
  }

  @Test
  void verifyScrubsAndComparesTheUnchangedFilesWithTheLiveStage() throws IOException {
    // The fakes' clock runs in the past: the sources must be older than its sync times to be
    // compared.
    for (String file : List.of("a.txt", "sub/b.txt")) {
      Files.setLastModifiedTime(
          source.resolve(file), FileTime.from(env.clock().instant().minusSeconds(3600)));
    }
    backUp();

    CliRun clean = call("--verify", "--all", "--json");

    assertThat(clean.code()).as(clean.toString()).isZero();
    JsonNode json = clean.json();
    assertThat(json.get("clean").asBoolean()).isTrue();
    assertThat(json.get("scrub").get("finished").asBoolean()).isTrue();
    assertThat(json.get("keys").get(0).get("compared").asLong()).isEqualTo(2);

    Path copy = env.store(ConfigLoader.load(config)).stage("docs", 0).resolve("sub/b.txt");
    Files.writeString(copy, "bEta");
    Path newer = source.resolve("new.txt");
    Files.writeString(newer, "written after the backup");

    CliRun damaged = call("--verify", "--sample", "10", "--json");

    assertThat(damaged.code()).as(damaged.toString()).isEqualTo(1);
    JsonNode docs = damaged.json().get("keys").get(0);
    assertThat(docs.get("eligible").asLong())
        .as("new.txt changed after the sync")
        .isEqualTo(2);
    assertThat(docs.get("differences").get(0).get("path").asText()).isEqualTo("sub/b.txt");
    assertThat(docs.get("differences").get(0).get("problem").asText()).isEqualTo("content");
    assertThat(call("--verify").out())
        .contains("docs: 2 of 2 unchanged files compared, 1 differ", "content: sub/b.txt");
  }

  @Test
  void aKitThatCannotBeCompletedLeavesNoKeyBehind() throws IOException {
    Path kit = Files.createDirectory(temp.resolve("empty-kit"));
    env.faults().fail(Operation.VOLUME_BACKUP_HEADER, 1, Fault.error());

    CliRun run = call("--export-recovery-kit", kit.toString());

    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    assertThat(kit).isEmptyDirectory();
  }
}
