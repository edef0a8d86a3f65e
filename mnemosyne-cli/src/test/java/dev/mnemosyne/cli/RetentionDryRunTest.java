package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --backup --dry-run} of a real store whose retention policy has become stricter: it
 * names the deletions and renames the rotation would make, in text and JSON, and changes nothing.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class RetentionDryRunTest {
  @TempDir
  Path temp;

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  private Path config(Path remote, Path source, String name, String strategy) {
    return TestConfigs.write(
        temp.resolve(name + ".json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"test.btrfs\", \"size\": 1, \"encryption\": \"none\"},\n"
            + "  \"strategy\": " + strategy + ",\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + source
            + "\"}]}\n"
            + "}\n");
  }

  @Test
  void aDryRunListsTheDeletionsAndRenamesOfTheRotationAndChangesNothing() throws IOException {
    Path remote = Files.createDirectories(temp.resolve("remote"));
    Path source = Files.createDirectories(temp.resolve("docs"));
    Path lenient = config(remote, source, "lenient", "{\"rotate\": 0, \"keep\": {\"last\": 5}}");
    Path strict = config(remote, source, "strict", "{\"rotate\": 0, \"keep\": {\"last\": 1}}");
    assertThat(call(lenient, "--init-store").code()).isZero();
    for (String content : List.of("one", "two", "three", "four")) {
      Files.writeString(source.resolve("a.txt"), content);
      assertThat(call(lenient, "--backup").code()).isZero();
    }
    long imageModified = Files.getLastModifiedTime(remote.resolve("test.btrfs")).toMillis();

    CliRun dry = call(strict, "--backup", "--dry-run");
    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(dry.out())
        .contains(
            "would rotate docs: rename docs.3 to docs.4, rename docs.2 to docs.3, rename docs.1"
                + " to docs.2, snapshot docs.0 to docs.1, delete docs.4, delete docs.3, delete docs.2");
    CliRun json = call(strict, "--backup", "--dry-run", "--json");
    assertThat(json.json().get("nextRotation").get("docs").get(6).asText())
        .isEqualTo("delete docs.2");

    assertThat(Files.getLastModifiedTime(remote.resolve("test.btrfs")).toMillis())
        .isEqualTo(imageModified);
    CliRun list = call(lenient, "--list");
    assertThat(list.out())
        .containsPattern("(?m)^  docs\\.3 ")
        .doesNotContainPattern("(?m)^  docs\\.4 ");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
  }

  private CliRun call(Path config, String... args) {
    String[] withConfig = Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    return CliRun.call(new LinuxWiring(), temp.resolve("run"), withConfig);
  }
}
