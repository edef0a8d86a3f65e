package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.model.BlockSize;
import dev.mnemosyne.core.port.MirrorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Holes are kept ({@code --sparse}) on the first copy into an empty target only, where every
 * file is new; a changed file is compared in the directory's block size, 4 KiB unless it says
 * otherwise, and in rsync's own where it says {@code "auto"}. A store without compression asks
 * for holes in updates too, which only an rsync from 3.3.0 gets: older ones corrupt sparse files
 * they update in place. The version is asked once, and only then.
 */
class RsyncSparseAndBlockSizeTest {
  private static final Path SOURCE = Path.of("/tmp");
  private static final List<String> VERSION = List.of("rsync", "--version");
  /** What a store without compression asks for. */
  private static final MirrorOptions HOLES_IN_UPDATES =
      MirrorOptions.defaults().withHolesInUpdates(true);

  @TempDir
  Path stores;

  private final ScriptedRunner runner = new ScriptedRunner();
  private final RsyncTransfer rsync = new RsyncTransfer(
      new AdapterContext(runner, Path.of("/run/mnemosyne"), Optional.empty(), d -> {}), line -> {});

  @AfterEach
  void everyScriptedCommandRan() {
    runner.assertDone();
  }

  private static List<String> mirror(Path target, boolean sparse, Optional<String> blockSize) {
    List<String> argv = new ArrayList<>(
        List.of("rsync", "-aHAX", "--numeric-ids", "--delete", "--inplace", "--no-whole-file"));
    if (sparse) {
      argv.add("--sparse");
    }
    blockSize.ifPresent(argv::add);
    argv.addAll(
        List.of("--modify-window=-1", "--info=progress2", "--stats", "/tmp/", target + "/"));
    return argv;
  }

  private Path liveCopyWithAFile() throws IOException {
    Path target = Files.createDirectory(stores.resolve("home.0"));
    Files.writeString(target.resolve("letter.txt"), "first draft");
    return target;
  }

  @Test
  void theFirstCopyIntoAnEmptyTargetKeepsHolesInFourKibBlocks() throws IOException {
    Path empty = Files.createDirectory(stores.resolve("home.0"));
    runner.expect(mirror(empty, true, Optional.of("--block-size=4096")));

    rsync.mirror(SOURCE, empty, MirrorOptions.defaults(), p -> {});
  }

  @Test
  void aTargetThatDoesNotExistYetIsAFirstCopyToo() {
    Path missing = stores.resolve("home.0");
    runner.expect(mirror(missing, true, Optional.of("--block-size=4096")));

    rsync.mirror(SOURCE, missing, MirrorOptions.defaults(), p -> {});
  }

  @Test
  void anUpdateOfAnEarlierCopyLeavesSparseOut() throws IOException {
    Path target = liveCopyWithAFile();
    runner.expect(mirror(target, false, Optional.of("--block-size=4096")));
    runner.expect(mirror(target, false, Optional.of("--block-size=4096")));

    rsync.mirror(SOURCE, target, MirrorOptions.defaults(), p -> {});
    rsync.mirror(SOURCE, target, MirrorOptions.defaults(), p -> {});
  }

  @Test
  void holesInUpdatesKeepSparseWhereTheHostsRsyncUpdatesThemCorrectlyAskedOnce()
      throws IOException {
    Path target = liveCopyWithAFile();
    runner
        .expect(VERSION)
        .prints("rsync  version 3.5.0  protocol version 32", "Copyright (C) 1996-2025");
    runner.expect(mirror(target, true, Optional.of("--block-size=4096")));
    runner.expect(mirror(target, true, Optional.of("--block-size=4096")));

    rsync.mirror(SOURCE, target, HOLES_IN_UPDATES, p -> {});
    rsync.mirror(SOURCE, target, HOLES_IN_UPDATES, p -> {});
  }

  @Test
  void anOlderRsyncUpdatesWithoutSparseRatherThanCorruptTheFile() throws IOException {
    Path target = liveCopyWithAFile();
    runner.expect(VERSION).prints("rsync  version 3.2.7  protocol version 32");
    runner.expect(mirror(target, false, Optional.of("--block-size=4096")));

    rsync.mirror(SOURCE, target, HOLES_IN_UPDATES, p -> {});
  }

  @Test
  void anRsyncThatCannotTellItsVersionIsTakenForAnOldOne() throws IOException {
    Path target = liveCopyWithAFile();
    runner.expect(VERSION).fails(1, "rsync: unknown option");
    runner.expect(mirror(target, false, Optional.of("--block-size=4096")));

    rsync.mirror(SOURCE, target, HOLES_IN_UPDATES, p -> {});
  }

  @Test
  void aFirstCopyKeepsHolesWithoutAskingTheVersion() throws IOException {
    Path empty = Files.createDirectory(stores.resolve("home.0"));
    runner.expect(mirror(empty, true, Optional.of("--block-size=4096")));

    rsync.mirror(SOURCE, empty, HOLES_IN_UPDATES, p -> {});
  }

  @ParameterizedTest
  @CsvSource({
    "rsync  version 3.2.7  protocol version 32, 3.2.7, false",
    "rsync  version 3.3.0  protocol version 32, 3.3.0, true",
    "rsync  version v3.4.1  protocol version 32, , false",
    "rsync  version 3.10.0  protocol version 33, 3.10.0, true",
    "openrsync: protocol version 29, , false"
  })
  void readsTheVersionFromRsyncsFirstLine(String line, String version, boolean correct) {
    Optional<RsyncVersion> parsed = RsyncVersion.parse(List.of(line));

    assertThat(parsed.map(RsyncVersion::toString)).isEqualTo(Optional.ofNullable(version));
    assertThat(parsed.map(RsyncVersion::updatesSparseFilesInPlaceCorrectly).orElse(false))
        .isEqualTo(correct);
  }

  @Test
  void aFixedBlockSizeIsPassedAsIs() throws IOException {
    Path target = liveCopyWithAFile();
    runner.expect(mirror(target, false, Optional.of("--block-size=65536")));

    rsync.mirror(
        SOURCE, target, MirrorOptions.defaults().withBlockSize(BlockSize.fixed(65536)), p -> {});
  }

  @Test
  void anAutomaticBlockSizeLeavesTheChoiceToRsync() throws IOException {
    Path target = liveCopyWithAFile();
    runner.expect(mirror(target, false, Optional.empty()));

    rsync.mirror(
        SOURCE, target, MirrorOptions.defaults().withBlockSize(BlockSize.automatic()), p -> {});
  }
}
