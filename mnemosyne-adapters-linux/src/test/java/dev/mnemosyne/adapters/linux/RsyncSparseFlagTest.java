package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whether mirrors keep holes ({@code --sparse}) depends on the host's rsync: from 3.3.0 it updates
 * sparse files in place correctly; older ones leave a file's old tail where its source now ends in
 * zeros, so they copy sparse files in full instead. The version is asked once.
 */
class RsyncSparseFlagTest {
  private static final Path SOURCE = Path.of("/tmp");
  private static final Path TARGET = Path.of("/run/mnemosyne/s/store/home.0");
  private static final List<String> VERSION = List.of("rsync", "--version");

  private final ScriptedRunner runner = new ScriptedRunner();
  private final RsyncTransfer rsync = new RsyncTransfer(
      new AdapterContext(runner, Path.of("/run/mnemosyne"), Optional.empty(), d -> {}), line -> {});

  @AfterEach
  void everyScriptedCommandRan() {
    runner.assertDone();
  }

  private static List<String> mirror(boolean sparse) {
    List<String> argv = new ArrayList<>(
        List.of("rsync", "-aHAX", "--numeric-ids", "--delete", "--inplace", "--no-whole-file"));
    if (sparse) {
      argv.add("--sparse");
    }
    argv.addAll(
        List.of("--modify-window=-1", "--info=progress2", "--stats", "/tmp/", TARGET + "/"));
    return argv;
  }

  @Test
  void anRsyncThatUpdatesSparseFilesCorrectlyKeepsHolesAndIsAskedOnce() {
    runner
        .expect(VERSION)
        .prints("rsync  version 3.5.0  protocol version 32", "Copyright (C) 1996-2025");
    runner.expect(mirror(true));
    runner.expect(mirror(true));

    rsync.mirror(SOURCE, TARGET, List.of(), p -> {});
    rsync.mirror(SOURCE, TARGET, List.of(), p -> {});
  }

  @Test
  void anOlderRsyncCopiesSparseFilesInFullRatherThanCorruptThem() {
    runner.expect(VERSION).prints("rsync  version 3.2.7  protocol version 32");
    runner.expect(mirror(false));

    rsync.mirror(SOURCE, TARGET, List.of(), p -> {});
  }

  @Test
  void anRsyncThatCannotTellItsVersionIsTakenForAnOldOne() {
    runner.expect(VERSION).fails(1, "rsync: unknown option");
    runner.expect(mirror(false));

    rsync.mirror(SOURCE, TARGET, List.of(), p -> {});
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
}
