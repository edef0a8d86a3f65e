package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.MirrorOptions;
import dev.mnemosyne.core.port.TransferProgress;
import dev.mnemosyne.core.port.TransferResult;
import dev.mnemosyne.core.port.TransferResult.Completeness;
import dev.mnemosyne.core.port.TransferStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** rsync's exact command, and how its output and exit codes are read. */
class RsyncTransferTest {
  private static final Path SOURCE = Path.of("/tmp");
  private static final Path TARGET = Path.of("/run/mnemosyne/s/store/home.0");
  private static final List<String> ARGV = List.of(
      "rsync",
      "-aHAX",
      "--numeric-ids",
      "--delete",
      "--inplace",
      "--no-whole-file",
      "--sparse",
      "--block-size=4096",
      "--modify-window=-1",
      "--info=progress2",
      "--stats",
      "/tmp/",
      "/run/mnemosyne/s/store/home.0/");
  private static final String[] STATS = {
    "Number of files: 1,234 (reg: 1,000, dir: 234)",
    "Number of created files: 3 (reg: 3)",
    "Number of deleted files: 7 (reg: 7)",
    "Number of regular files transferred: 12",
    "Total file size: 123,456,789 bytes",
    "Total transferred file size: 4,567 bytes",
    "Literal data: 4,567 bytes",
    "Matched data: 0 bytes",
    "Total bytes sent: 9,999",
    "sent 9,999 bytes  received 54 bytes  402.00 bytes/sec",
    "total size is 123,456,789  speedup is 0.02"
  };
  private static final TransferStats EXPECTED = new TransferStats(1234, 12, 7, 123_456_789, 4567);

  private final ScriptedRunner runner = new ScriptedRunner();
  private final List<String> output = new ArrayList<>();
  private final RsyncTransfer rsync = new RsyncTransfer(
      new AdapterContext(runner, Path.of("/run/mnemosyne"), Optional.empty(), d -> {}),
      output::add);

  @AfterEach
  void everyScriptedCommandRan() {
    runner.assertDone();
  }

  @Test
  void restoresWithMetadataWithoutDeletingAndNamesEachPathItCopies() {
    // /tmp is a directory, so its content is restored; a file would be named without the slash.
    runner
        .expect(List.of(
            "rsync",
            "-aHAX",
            "--numeric-ids",
            "--sparse",
            "--dry-run",
            "--out-format=restore: %n",
            "/tmp/",
            "/srv/out/"))
        .prints(
            "restore: ./", "restore: docs/", "restore: docs/a.txt", "created directory /srv/out");
    List<String> items = new ArrayList<>();

    long count = rsync.restore(SOURCE, Path.of("/srv/out"), true, items::add);

    assertThat(items).containsExactly("docs/", "docs/a.txt");
    assertThat(count).isEqualTo(2);
    assertThat(runner.seen().get(0).timeLimit()).isEqualTo(Command.TimeLimit.NONE);
  }

  @Test
  void aRestoreThatCannotCopyEverythingFailsAndAFullTargetSaysSo() {
    List<String> argv = List.of(
        "rsync",
        "-aHAX",
        "--numeric-ids",
        "--sparse",
        "--out-format=restore: %n",
        "/tmp/",
        "/srv/out/");
    runner
        .expect(argv)
        .fails(23, "rsync: [receiver] mkstemp \"/srv/out/a\" failed: Permission denied (13)");
    runner
        .expect(argv)
        .fails(
            11, "rsync: [receiver] write failed on \"/srv/out/b\": No space left on device (28)");

    assertThatThrownBy(() -> rsync.restore(SOURCE, Path.of("/srv/out"), false, item -> {}))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.step()).isEqualTo(Step.RESTORE);
          assertThat(e.getMessage()).contains("Permission denied");
        });
    assertThatThrownBy(() -> rsync.restore(SOURCE, Path.of("/srv/out"), false, item -> {}))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_SPACE));
  }

  @Test
  void mirrorsWithMetadataDeletionsAndInPlaceDeltasWithoutATimeLimit() {
    runner.expect(ARGV).prints(STATS);

    TransferResult result = rsync.mirror(SOURCE, TARGET, MirrorOptions.defaults(), p -> {});

    assertThat(result).isEqualTo(TransferResult.complete(EXPECTED));
    assertThat(runner.seen().get(0).timeLimit()).isEqualTo(Command.TimeLimit.NONE);
    assertThat(output).contains(STATS[0]);
  }

  @Test
  void passesEachExcludeAsOneArgument() {
    List<String> argv = new ArrayList<>(ARGV.subList(0, ARGV.size() - 2));
    argv.addAll(List.of("--exclude=.cache/", "--exclude=*.tmp", "--exclude=with space"));
    argv.addAll(ARGV.subList(ARGV.size() - 2, ARGV.size()));
    runner.expect(argv).prints(STATS);

    rsync.mirror(
        SOURCE,
        TARGET,
        MirrorOptions.excluding(List.of(".cache/", "*.tmp", "with space")),
        p -> {});
  }

  @Test
  void reportsProgressAsItComes() {
    runner
        .expect(ARGV)
        .prints(
            "     32,768   1%    0.00kB/s    0:00:00",
            "  3,000,000  99%    1.38MB/s    0:00:07 (xfr#1, to-chk=2/4)", STATS[0]);
    List<TransferProgress> progress = new ArrayList<>();

    rsync.mirror(SOURCE, TARGET, MirrorOptions.defaults(), progress::add);

    assertThat(progress)
        .containsExactly(
            new TransferProgress(32_768, 1, 0, Optional.of(Duration.ZERO), 0, Optional.empty()),
            new TransferProgress(
                3_000_000,
                99,
                (long) (1.38 * 1024 * 1024),
                Optional.of(Duration.ofSeconds(7)),
                1,
                Optional.of(2L)));
  }

  @Test
  void vanishedFilesStillMakeACompleteCopyWithAWarning() {
    runner
        .expect(ARGV)
        .prints(STATS)
        .fails(
            24,
            "file has vanished: \"/home/a/tmpfile\"",
            "rsync warning: some files vanished before they could be transferred (code 24)");

    TransferResult result = rsync.mirror(SOURCE, TARGET, MirrorOptions.defaults(), p -> {});

    assertThat(result.completeness()).isEqualTo(Completeness.COMPLETE_VANISHED_FILES);
    assertThat(result.isComplete()).isTrue();
    assertThat(result.stats()).isEqualTo(EXPECTED);
    assertThat(result.warnings())
        .containsExactly(
            "1 file vanished while the copy ran (normal on a live system), e.g. \"/home/a/tmpfile\"");
  }

  @Test
  void filesThatCouldNotBeCopiedMakeAPartialCopy() {
    runner
        .expect(ARGV)
        .prints(STATS)
        .fails(23, "rsync: [sender] send_files failed to open \"/home/x\": Permission denied (13)");

    TransferResult result = rsync.mirror(SOURCE, TARGET, MirrorOptions.defaults(), p -> {});

    assertThat(result.completeness()).isEqualTo(Completeness.PARTIAL);
    assertThat(result.isComplete()).isFalse();
    assertThat(result.warnings()).singleElement().asString().contains("Permission denied");
  }

  @Test
  void aPartialCopysWarningQuotesOnlyTheLastErrorLines() {
    String[] errors = new String[20];
    for (int i = 0; i < errors.length; i++) {
      errors[i] =
          "rsync: [sender] send_files failed to open \"/home/f" + i + "\": Permission denied (13)";
    }
    runner.expect(ARGV).fails(23, errors);

    TransferResult result = rsync.mirror(SOURCE, TARGET, MirrorOptions.defaults(), p -> {});

    assertThat(result.warnings())
        .singleElement()
        .asString()
        .contains("/home/f19", "/home/f15")
        .doesNotContain("/home/f14");
  }

  @Test
  void aFullStoreFailsWithNoSpace() {
    runner
        .expect(ARGV)
        .fails(
            11,
            "rsync: [receiver] write failed on \"/run/x/big\": No space left on device (28)",
            "rsync error: error in file IO (code 11)");

    assertThatThrownBy(() -> rsync.mirror(SOURCE, TARGET, MirrorOptions.defaults(), p -> {}))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_SPACE));
  }

  @Test
  void aFullStoreIsNoSpaceEvenWhenRsyncCallsItPartial() {
    runner.expect(ARGV).fails(23, "rsync: write failed on \"x\": No space left on device (28)");

    assertThatThrownBy(() -> rsync.mirror(SOURCE, TARGET, MirrorOptions.defaults(), p -> {}))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_SPACE));
  }

  @Test
  void otherExitCodesFail() {
    runner.expect(ARGV).fails(12, "rsync error: error in rsync protocol data stream (code 12)");

    assertThatThrownBy(() -> rsync.mirror(SOURCE, TARGET, MirrorOptions.defaults(), p -> {}))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.ERROR);
          assertThat(e.getMessage()).contains("exited with 12", "protocol data stream");
        });
  }

  @Test
  void readsProgressLinesOfEveryShape() {
    assertThat(RsyncOutput.progress(
            "  1,234,567,890  45%   12.34GB/s    1:02:03 (xfr#1234, ir-chk=1000/2000)"))
        .hasValueSatisfying(p -> {
          assertThat(p.bytesTransferred()).isEqualTo(1_234_567_890L);
          assertThat(p.percent()).isEqualTo(45);
          assertThat(p.remaining()).contains(Duration.ofSeconds(3723));
          assertThat(p.filesTransferred()).isEqualTo(1234);
          assertThat(p.filesToCheck()).isEmpty();
        });
    assertThat(RsyncOutput.progress("Number of files: 3")).isEmpty();
    assertThat(RsyncOutput.progress("")).isEmpty();
  }
}
