package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names are bytes: a source directory named {@code données}, a file {@code é.txt} and names
 * that are not valid UTF-8 at all ({@code bad\xFF\xFEname}, a directory {@code sub\xFF}) are
 * backed up, restored, listed and verified byte for byte, by the command started as cron starts
 * it ({@code env -i} through the launcher: no locale), on a real store (btrfs on a loop device).
 * The names are made and compared as bytes, never through a Java string, so the test holds
 * whatever locale it runs in.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class FileNamesEndToEndTest {
  @TempDir
  Path temp;

  private Path source;
  private Path config;

  @BeforeEach
  void layOut() throws Exception {
    Path remote = Files.createDirectories(temp.resolve("remote"));
    sh(
        temp,
        "mkdir \"$(printf 'donn\\303\\251es')\" && cd \"$(printf 'donn\\303\\251es')\""
            + " && printf 'summer' > \"$(printf '\\303\\251t\\303\\251.txt')\""
            + " && printf 'not utf-8' > \"$(printf 'bad\\377\\376name')\""
            + " && mkdir \"$(printf 'sub\\377')\" && printf 'inside' > \"$(printf 'sub\\377')/f\""
            + " && find . -exec touch -h -d '1 hour ago' {} +");
    try (Stream<Path> dirs = Files.list(temp)) {
      source = dirs.filter(p -> p.getFileName().toString().startsWith("donn"))
          .findFirst()
          .orElseThrow();
    }
    config = TestConfigs.write(
        temp.resolve("config.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"test.btrfs\", \"size\": 1, \"encryption\": \"none\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 24},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"data\", \"directory\": \"" + temp
            + "/donn\\u00e9es\"}]}\n"
            + "}\n");
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  @Test
  void namesThatAreNotAsciiOrNotEvenUtf8AreBackedUpRestoredListedAndVerified() throws Exception {
    succeeds("--init-store");
    succeeds("--backup");

    CliRun verify = call("--verify", "--all", "--json");
    assertThat(verify.code()).as(verify.toString()).isZero();
    JsonNode key = verify.json().get("keys").get(0);
    assertThat(key.get("compared").asLong()).isEqualTo(3);
    assertThat(key.get("differing").asLong()).isZero();

    Path target = temp.resolve("restored");
    CliRun listing =
        call("--restore", "data.0", "--target", target.toString(), "--dry-run", "--json");
    assertThat(listing.code()).as(listing.toString()).isZero();
    List<String> listed = Stream.of(listing.json().get("wouldRestore"))
        .flatMap(n -> {
          List<String> items = new java.util.ArrayList<>();
          n.forEach(item -> items.add(item.asText()));
          return items.stream();
        })
        .collect(Collectors.toList());
    assertThat(listed).contains("\u00e9t\u00e9.txt", "bad\\#377\\#376name", "sub\\#377/f");

    succeeds("--restore", "data.0", "--target", target.toString());
    assertThat(namesAndContents(target)).isEqualTo(namesAndContents(source)).hasSize(3);
  }

  @Test
  void aCopyOfANameThatIsNotUtf8ThatDiffersIsReportedByItsBytes() throws Exception {
    succeeds("--init-store");
    succeeds("--backup");
    CliRun mount = call("--mount", "--detach");
    assertThat(mount.code()).as(mount.toString()).isZero();
    Path live = Path.of(mount.out().strip()).resolve("data.0");
    try (Stream<Path> files = Files.list(live)) {
      Path copy = files
          .filter(p -> p.getFileName().toString().startsWith("bad"))
          .findFirst()
          .orElseThrow();
      Files.writeString(copy, "not utf-8 either");
    }
    succeeds("--unmount");

    CliRun verify = call("--verify", "--all", "--json");

    assertThat(verify.code()).as(verify.toString()).isEqualTo(1);
    JsonNode differences = verify.json().get("keys").get(0).get("differences");
    assertThat(differences).hasSize(1);
    assertThat(differences.get(0).get("path").asText()).isEqualTo("bad\\xFF\\xFEname");
    assertThat(differences.get(0).get("problem").asText()).isEqualTo("size");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
  }

  private CliRun call(String... args) throws IOException, InterruptedException {
    String[] withConfig = Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    return Launcher.run(temp, Map.of(), withConfig);
  }

  private void succeeds(String... args) throws IOException, InterruptedException {
    CliRun run = call(args);
    assertThat(run.code()).as(run.toString()).isZero();
  }

  /** Every regular file under {@code dir}: its relative name's bytes (percent-encoded, as a file URI has them) and its content. */
  private static Map<String, String> namesAndContents(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .collect(Collectors.toMap(
              f -> f.toUri().getRawPath().substring(dir.toUri().getRawPath().length()), f -> {
                try {
                  return new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }));
    }
  }

  private static void sh(Path dir, String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/bin/sh", "-c", script)
        .directory(dir.toFile())
        .inheritIO()
        .start();
    assertThat(p.waitFor()).as(script).isZero();
  }
}
