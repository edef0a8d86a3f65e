package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --change-key} against real cryptsetup, on a LUKS2 image in a local remote directory
 * (the key change needs no device-mapper: {@code luksAddKey}, {@code luksRemoveKey}, {@code
 * luksDump} and {@code open --test-passphrase} work on the image file). A run SIGKILLed right
 * after adding or removing a key slot leaves a key file that opens the store, and the next run
 * says which and finishes the change.
 */
@RequiresCapability(Capability.ROOT)
class KeyChangeEndToEndTest {
  @TempDir
  Path temp;

  private Path runtime;
  private Path key;
  private Path image;
  private Path config;
  private Path bin;
  private Optional<Process> run = Optional.empty();

  @BeforeEach
  void createLuksImage() throws IOException {
    runtime = temp.resolve("run");
    bin = temp.resolve("bin");
    Path remote = Files.createDirectories(temp.resolve("remote"));
    Path source = Files.createDirectories(temp.resolve("docs"));
    key = temp.resolve("keys/store.key");
    config = TestConfigs.write(
        temp.resolve("config.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"test.btrfs\", \"size\": 1, \"keyfile\": \"" + key + "\","
            + " \"pbkdf\": {\"algorithm\": \"pbkdf2\", \"iterations\": 1000}},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 24},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"data\", \"directory\": \"" + source
            + "\"}]}\n"
            + "}\n");
    CliRun initKey = call("--init-key");
    assertThat(initKey.code()).as(initKey.toString()).isZero();
    image = remote.resolve("test.btrfs");
    assertThat(HostProcesses.run("truncate", "-s", "64M", image.toString())).isZero();
    assertThat(HostProcesses.run(
            "cryptsetup",
            "luksFormat",
            "--type",
            "luks2",
            "--batch-mode",
            "--pbkdf",
            "pbkdf2",
            "--pbkdf-force-iterations",
            "1000",
            "--key-file",
            key.toString(),
            image.toString()))
        .isZero();
  }

  @AfterEach
  void reap() throws Exception {
    HostProcesses.reap(run);
    HostCleanup.release(temp);
  }

  private boolean opens(Path keyFile) {
    return Files.exists(keyFile)
        && HostProcesses.run(
                "cryptsetup",
                "open",
                "--test-passphrase",
                "--key-file",
                keyFile.toString(),
                image.toString())
            == 0;
  }

  private int keySlots() {
    String dump = HostProcesses.output("cryptsetup", "luksDump", image.toString());
    String slots = dump.substring(dump.indexOf("Keyslots:"), dump.indexOf("Tokens:"));
    return (int) slots.lines().filter(l -> l.matches("\\s+\\d+: luks2")).count();
  }

  private Path sibling(String suffix) {
    return key.resolveSibling(key.getFileName() + suffix);
  }

  private Path copyOfTheKey() throws IOException {
    return Files.copy(key, temp.resolve("old.key"));
  }

  @Test
  void theNewKeyReplacesTheKeyFileAndTheOldOneNoLongerOpensTheStore() throws Exception {
    Path old = copyOfTheKey();

    CliRun change = call("--change-key", "--json");

    assertThat(change.code()).as(change.toString()).isZero();
    assertThat(change.json().get("keyFile").asText()).isEqualTo(key.toString());
    assertThat(change.json().get("keySlot").asInt()).isEqualTo(1);
    assertThat(change.json().get("removedSlot").asInt()).isZero();
    assertThat(change.err()).contains("recovery kit");
    assertThat(opens(key)).isTrue();
    assertThat(opens(old)).isFalse();
    assertThat(keySlots()).isEqualTo(1);
    assertThat(HostProcesses.output("cryptsetup", "luksDump", image.toString()))
        .as("the new slot is made with store.pbkdf")
        .containsPattern("PBKDF:\\s+pbkdf2")
        .doesNotContain("argon2");
    assertThat(Files.readString(key)).isNotEqualTo(Files.readString(old)).matches("[0-9a-f]{64}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(sibling(".new")).doesNotExist();
    assertThat(sibling(".old")).doesNotExist();
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
  }

  @Test
  void keysNeverAppearInTheCommandsRun() throws Exception {
    String secret = Files.readString(key).strip();

    CliRun change = call("--change-key", "--verbose");

    assertThat(change.code()).as(change.toString()).isZero();
    assertThat(change.err())
        .contains("luksAddKey", "luksRemoveKey")
        .doesNotContain(secret)
        .doesNotContain(Files.readString(key).strip());
    assertThat(change.out()).doesNotContain(secret);
  }

  @Test
  void aDryRunShowsTheStepsAndChangesNothing() throws Exception {
    String before = Files.readString(key);

    CliRun dry = call("--change-key", "--dry-run");

    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(dry.out())
        .contains(
            "$ cryptsetup luksAddKey", "$ cryptsetup luksRemoveKey", "- replace the key file: ");
    assertThat(Files.readString(key)).isEqualTo(before);
    assertThat(sibling(".new")).doesNotExist();
    assertThat(keySlots()).isEqualTo(1);
  }

  /** SIGKILLed right after cryptsetup added the new key, or removed the old one. */
  @ParameterizedTest
  @ValueSource(strings = {"luksAddKey", "luksRemoveKey"})
  void aChangeKilledAfterAKeySlotChangedLeavesAKeyThatOpensAndTheNextRunFinishesIt(String word)
      throws Exception {
    Path old = copyOfTheKey();
    Path reached = temp.resolve("reached");
    HostProcesses.script(
        bin,
        "cryptsetup",
        "/usr/sbin/cryptsetup \"$@\"\nrc=$?\n" + "case \" $* \" in *\" " + word + " \"*) touch '"
            + reached + "'; exec sleep 3600;; esac\nexit $rc\n");
    Path stderr = temp.resolve("killed-stderr.txt");
    Process killed =
        HostProcesses.start(temp, bin, stderr, "--change-key", "-c", config.toString());
    run = Optional.of(killed);
    assertThat(HostProcesses.awaitFile(reached, killed))
        .as("reached %s; stderr: %s", word, Files.readString(stderr))
        .isTrue();
    HostProcesses.killHard(killed);

    assertThat(Stream.of(key, sibling(".new"), sibling(".old")).anyMatch(this::opens))
        .as("a key file on disk opens the store")
        .isTrue();
    assertThat(opens(sibling(".new")))
        .as("the new key was added before the kill")
        .isTrue();

    CliRun next = call("--change-key");

    assertThat(next.code()).as(next.toString()).isZero();
    assertThat(next.err())
        .contains("an interrupted key change left " + sibling(".new"), "finishing the change");
    assertThat(opens(key)).isTrue();
    assertThat(opens(old)).isFalse();
    assertThat(keySlots()).isEqualTo(1);
    assertThat(sibling(".new")).doesNotExist();
    assertThat(sibling(".old")).doesNotExist();
  }

  @Test
  void anUnencryptedStoreIsRefusedWithExitSeven() throws Exception {
    Path plain = TestConfigs.unencryptedLocal(
        temp.resolve("plain"),
        Files.createDirectories(temp.resolve("r2")),
        3,
        0,
        Files.createDirectories(temp.resolve("src")));
    CliRun refused =
        CliRun.call(new LinuxWiring(), runtime, "--change-key", "-c", plain.toString());
    assertThat(refused.code()).as(refused.toString()).isEqualTo(7);
    assertThat(refused.err()).contains("no key to change");
  }

  private CliRun call(String... args) {
    String[] withConfig = Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    return CliRun.call(new LinuxWiring(), runtime, withConfig);
  }
}
