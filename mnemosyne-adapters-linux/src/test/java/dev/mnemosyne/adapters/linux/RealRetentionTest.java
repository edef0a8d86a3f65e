package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.MountedStore;
import dev.mnemosyne.core.StageListing;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.RetentionDecision;
import dev.mnemosyne.core.model.RetentionPolicy;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.StoreSpec;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import dev.mnemosyne.testkit.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three weeks of daily backups with hourly rotation under "three dailies, two weeklies" on real
 * btrfs, the time driven by a test clock: the store holds exactly the points the policy keeps,
 * with the times the clock gave them (not btrfs's creation times) and each its day's content.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class RealRetentionTest {
  @RegisterExtension
  static final RealHost host = new RealHost();

  private static final RetentionPolicy POLICY = RetentionPolicy.of(0, 0, 3, 2, 0, 0);

  @Test
  void dailyBackupsOnRealBtrfsHoldExactlyWhatThePolicyKeeps() throws IOException {
    TestClock clock = TestClock.create();
    Path docs = host.newDirectory("docs");
    BackupConfig config = new BackupConfig(
        new Remote.Local(host.newDirectory("nas")),
        new StoreSpec("store.img", 1, Encryption.NONE, Optional.empty(), Optional.empty()),
        new RotationPolicy(RotationPolicy.NO_CAP, Duration.ofHours(1), Optional.of(POLICY)),
        List.of(new SourceDirectory(new StageKey("docs"), docs, List.of())));
    Mnemosyne mnemosyne = host.mnemosyne(clock);
    mnemosyne.initStore(config);

    List<Optional<Instant>> model = new ArrayList<>();
    Map<Instant, String> content = new HashMap<>();
    String live = null;
    for (int day = 0; day < 21; day++) {
      clock.set(TestClock.DEFAULT_START.plus(Duration.ofDays(day)).plus(Duration.ofHours(3)));
      Instant now = clock.instant();
      Files.writeString(docs.resolve("day.txt"), "day " + day);
      BackupReport report = mnemosyne.backup(config);
      assertThat(report.outcome())
          .as("day %s: %s", day, report)
          .isEqualTo(BackupReport.Outcome.SUCCESS);
      if (live != null) {
        content.put(now, live);
        model.add(0, Optional.of(now));
        RetentionDecision decision = POLICY.decide(model, now, ZoneOffset.UTC, Optional.empty());
        List<Optional<Instant>> kept = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
          if (decision.points().get(i).kept()) {
            kept.add(model.get(i));
          }
        }
        model = kept;
      }
      live = "day " + day;
    }
    assertThat(model).as("three dailies and the newest of the week before").hasSize(4);

    List<StageListing> stages = mnemosyne.list(config).byKey().get("docs");
    assertThat(stages).extracting(s -> s.stage().index()).containsExactly(0, 1, 2, 3, 4);
    try (MountedStore store = mnemosyne.mount(config)) {
      for (int index = 1; index < stages.size(); index++) {
        Instant taken = model.get(index - 1).orElseThrow();
        assertThat(stages.get(index).time()).as("docs.%s", index).contains(taken);
        assertThat(stages.get(index).retention()).isPresent();
        assertThat(store.root().resolve("docs." + index + "/day.txt"))
            .hasContent(content.get(taken));
      }
    }
    assertThat(host.mountsBelow()).isEmpty();
    assertThat(host.loopDevicesBelow()).isEmpty();
  }
}
