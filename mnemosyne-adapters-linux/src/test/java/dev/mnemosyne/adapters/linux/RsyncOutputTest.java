package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.port.TransferProgress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** rsync's output read at most once per interval for progress, and in full for the stats. */
class RsyncOutputTest {
  private final AtomicLong now = new AtomicLong();
  private final RsyncOutput output = new RsyncOutput(Duration.ofMillis(100), now::get);

  private static String progressLine(long bytes, int files) {
    return "  " + bytes + "  50%   1.00MB/s    0:00:01 (xfr#" + files + ", to-chk=1/2)";
  }

  @Test
  void readsTheFirstProgressLineAndThenOnePerInterval() {
    assertThat(output.accept(progressLine(100, 1))).isPresent();
    now.addAndGet(Duration.ofMillis(40).toNanos());
    assertThat(output.accept(progressLine(200, 2))).isEmpty();
    now.addAndGet(Duration.ofMillis(59).toNanos());
    assertThat(output.accept(progressLine(300, 3))).isEmpty();
    now.addAndGet(Duration.ofMillis(1).toNanos());

    assertThat(output.accept(progressLine(400, 4)).map(TransferProgress::bytesTransferred))
        .contains(400L);
  }

  @Test
  void keepsTheLastSkippedLineUntilALaterOneIsRead() {
    output.accept(progressLine(100, 1));
    output.accept(progressLine(200, 2));
    output.accept(progressLine(300, 3));

    assertThat(output.skippedProgress().map(TransferProgress::filesTransferred)).contains(3L);

    now.addAndGet(Duration.ofSeconds(1).toNanos());
    output.accept(progressLine(400, 4));
    assertThat(output.skippedProgress()).isEmpty();
  }

  @Test
  void readsEveryStatsLineHoweverFastTheyCome() {
    output.accept(progressLine(100, 1));
    output.accept("Number of files: 7 (reg: 5, dir: 2)");
    output.accept("Number of regular files transferred: 3");
    output.accept("Number of deleted files: 1");
    output.accept("Total file size: 4,096 bytes");
    output.accept("Total transferred file size: 1,024 bytes");
    output.accept("sent 2,000 bytes  received 300 bytes  4,600.00 bytes/sec");

    assertThat(output.sawStats()).isTrue();
    assertThat(output.stats().files()).isEqualTo(7);
    assertThat(output.stats().filesTransferred()).isEqualTo(3);
    assertThat(output.stats().filesDeleted()).isEqualTo(1);
    assertThat(output.stats().bytes()).isEqualTo(4096);
    assertThat(output.stats().bytesTransferred()).isEqualTo(1024);
    assertThat(output.skippedProgress()).isEqualTo(Optional.empty());
  }

  @Test
  void withoutAnIntervalEveryProgressLineIsRead() {
    RsyncOutput every = new RsyncOutput(Duration.ZERO, now::get);

    assertThat(every.accept(progressLine(100, 1))).isPresent();
    assertThat(every.accept(progressLine(200, 2))).isPresent();
    assertThat(every.skippedProgress()).isEmpty();
  }
}
