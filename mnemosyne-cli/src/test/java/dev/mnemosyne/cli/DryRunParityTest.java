package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run refuses where the real run refuses, with the same exit code, and says in its closing
 * line (text and JSON) that it was one: real adapters, an unencrypted store on a local directory.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class DryRunParityTest {
  @TempDir
  Path temp;

  private Path remote;
  private Path config;

  @BeforeEach
  void layOut() throws IOException {
    remote = Files.createDirectories(temp.resolve("remote"));
    Path source = Files.createDirectories(temp.resolve("docs"));
    Files.writeString(source.resolve("a.txt"), "one");
    config = TestConfigs.unencryptedLocal(temp, remote, 2, 0, source);
  }

  @AfterEach
  void nothingIsLeftMounted() throws Exception {
    try {
      assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
      assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
    } finally {
      HostCleanup.release(temp);
    }
  }

  private CliRun call(String... args) {
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("-c", config.toString())).toArray(String[]::new);
    return CliRun.call(new LinuxWiring(), temp.resolve("run"), all);
  }

  @Test
  void initStoreOnAnExistingImageIsRefusedWithSevenInADryRunAsInARealOne() {
    assertThat(call("--init-store").code()).isZero();
    List<String> before = TestConfigs.listing(remote);

    CliRun real = call("--init-store");
    CliRun dry = call("--init-store", "--dry-run");

    assertThat(real.code()).as(real.toString()).isEqualTo(7);
    assertThat(dry.code()).as(dry.toString()).isEqualTo(7);
    assertThat(dry.err()).contains("exists already");
    assertThat(TestConfigs.listing(remote)).isEqualTo(before);
  }

  @Test
  void aBackupWithoutAStoreImageIsRefusedWithSevenInADryRunAsInARealOne() {
    CliRun real = call("--backup");
    CliRun dry = call("--backup", "--dry-run");

    assertThat(real.code()).as(real.toString()).isEqualTo(7);
    assertThat(dry.code()).as(dry.toString()).isEqualTo(7);
    assertThat(dry.err()).contains("there is no store image test.btrfs", "--init-store");
  }

  @Test
  void aDryRunSaysSoInItsClosingLineInTextAndJson() {
    CliRun dryInit = call("--init-store", "--dry-run");
    assertThat(dryInit.code()).as(dryInit.toString()).isZero();
    assertThat(dryInit.err())
        .contains("dry run: store ", "would be created")
        .doesNotContain("is ready");
    assertThat(remote.resolve("test.btrfs")).doesNotExist();
    assertThat(call("--init-store").code()).isZero();

    CliRun text = call("--backup", "--dry-run");
    CliRun json = call("--backup", "--dry-run", "--json");
    CliRun real = call("--backup", "--json");

    assertThat(text.code()).as(text.toString()).isZero();
    assertThat(text.err())
        .contains("dry run: backup would copy 1 directory; nothing was changed")
        .doesNotContain("backup finished");
    JsonNode report = json.json();
    assertThat(report.get("dryRun").asBoolean()).isTrue();
    assertThat(report.get("summary").asText())
        .isEqualTo("dry run: backup would copy 1 directory; nothing was changed");
    assertThat(real.json().get("summary").asText())
        .startsWith("backup finished: 1 directory copied in ");
  }
}
