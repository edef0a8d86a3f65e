package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.testkit.FakeEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --grow-store} and {@code --change-key} over the fakes: their output, JSON reports and exit codes. */
class LifecycleCliTest {
  @TempDir
  Path temp;

  private FakeEnvironment env;
  private Path remote;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(temp.resolve("world"));
    Files.writeString(env.sourceDirectory("docs").resolve("a.txt"), "alpha");
    remote = ((Remote.Local) env.localRemote()).path();
    assertThat(call(config(1), "--init-store").code()).isZero();
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertThat(env.leftovers()).isEmpty();
  }

  private Path config(int sizeGigabytes) {
    return TestConfigs.write(
        temp.resolve("config-" + sizeGigabytes + ".json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"fake.btrfs\", \"size\": " + sizeGigabytes
            + ", \"keyfile\": \"" + env.keyFile()
            + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 24},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \""
            + env.sourceDirectory("docs")
            + "\"}]}\n"
            + "}\n");
  }

  private CliRun call(Path config, String... args) {
    return CliRun.callWithConfig(new FakeAdapters(env), temp, config, args);
  }

  @Test
  void growStoreReportsTheSizesAndAGrowthToTheSameSizeSaysThereIsNothingToDo() {
    CliRun grow = call(config(3), "--grow-store", "--json");

    assertThat(grow.code()).as(grow.toString()).isZero();
    assertThat(grow.json().get("command").asText()).isEqualTo("grow-store");
    assertThat(grow.json().get("imageBytesBefore").asLong()).isEqualTo(1L << 30);
    assertThat(grow.json().get("imageBytes").asLong()).isEqualTo(3L << 30);
    assertThat(grow.json().get("grew").asBoolean()).isTrue();
    assertThat(grow.err())
        .contains("grew store fake.btrfs from 1.0 GiB to 3 GB", "free space on the remote");

    CliRun again = call(config(3), "--grow-store");
    assertThat(again.code()).isZero();
    assertThat(again.err()).contains("is 3 GB already, as store.size says: nothing to grow");
  }

  @Test
  void aSmallerSizeExitsSevenNamingWhatToSet() {
    assertThat(call(config(3), "--grow-store").code()).isZero();

    CliRun refused = call(config(2), "--grow-store", "--json");

    assertThat(refused.code()).isEqualTo(7);
    assertThat(refused.json().get("outcome").asText()).isEqualTo("refused");
    assertThat(refused.err())
        .contains("a store cannot shrink; set store.size to at least 3 (nothing was changed)");
  }

  @Test
  void aRemoteSmallerThanTheGrowthFinishesWithAWarning() {
    env.remoteMount().capacity(2L << 30);

    CliRun grow = call(config(4), "--grow-store");

    assertThat(grow.code()).as(grow.toString()).isEqualTo(3);
    assertThat(grow.err()).contains("less than the 3.0 GiB the store grows by");
  }

  @Test
  void changeKeyPrintsTheKeyFileAndAKitExportedBeforeIsThenReportedAsStale() throws IOException {
    Path kit = temp.resolve("kit");
    assertThat(call(config(1), "--export-recovery-kit", kit.toString()).code()).isZero();
    CliRun fresh = call(config(1), "--verify");
    assertThat(fresh.err()).doesNotContain("recovery kit exported to");

    CliRun change = call(config(1), "--change-key", "--json");

    assertThat(change.code()).as(change.toString()).isZero();
    assertThat(change.json().get("keyFile").asText()).isEqualTo(env.keyFile().toString());
    assertThat(change.json().get("keySlot").asInt()).isEqualTo(1);
    assertThat(change.json().get("removedSlot").asInt()).isZero();
    assertThat(change.err())
        .contains("the recovery kit exported to " + kit, "no longer opens the store");

    CliRun verify = call(config(1), "--verify");
    assertThat(verify.err())
        .contains("the recovery kit exported to " + kit, "key slot 0 was removed");
    assertThat(call(config(1), "--backup").code()).isZero();
  }
}
