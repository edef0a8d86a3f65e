package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume.KeySlot;
import dev.mnemosyne.core.port.VolumeKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that grow a volume and manage its key slots, against a scripted runner: exact
 * arguments (key files by path only), and what their output is read as.
 */
class LifecycleCommandsTest {
  private static final StoreId STORE = new StoreId("backup-1234abcd");

  @TempDir
  Path temp;

  private final ScriptedRunner runner = new ScriptedRunner();
  private Path image;
  private VolumeKey.KeyFile key;
  private LinuxEncryptedVolume volume;

  @BeforeEach
  void setUp() throws IOException {
    image = Files.createDirectories(temp.resolve("nas")).resolve("backup");
    Path keyFile = Files.writeString(temp.resolve("store.key"), "00112233");
    key = new VolumeKey.KeyFile(keyFile, Optional.empty());
    AdapterContext context =
        new AdapterContext(runner, temp.resolve("run"), Optional.empty(), d -> {});
    volume = new LinuxEncryptedVolume(
        context, new FreshDevices(), temp.resolve("mapper"), temp.resolve("sys-block"));
  }

  @AfterEach
  void everyScriptedCommandRan() {
    runner.assertDone();
  }

  @Test
  void resizeTellsEveryLoopDeviceOfTheImageAndResizesTheMappingWithTheKeyFile() {
    runner
        .expect(List.of("losetup", "-j", image.toString()))
        .prints("/dev/loop3: []: (" + image + ")");
    runner.expect("losetup -c /dev/loop3");
    runner.expect(List.of(
        "cryptsetup", "resize", "--key-file", key.path().toString(), "mnemosyne-" + STORE.value()));

    volume.resize(image, key, STORE);
  }

  @Test
  void resizeOfAnImageNoLoopDeviceHoldsFails() {
    runner.expect(List.of("losetup", "-j", image.toString()));

    StepFailedException e =
        catchThrowableOfType(StepFailedException.class, () -> volume.resize(image, key, STORE));

    assertThat(e.step()).isEqualTo(Step.RESIZE_VOLUME);
    assertThat(e.getMessage()).contains("is the store open?");
  }

  @Test
  void keySlotsAreReadFromTheJsonMetadata() {
    String json =
        "{\"keyslots\":{\"1\":{\"type\":\"luks2\",\"kdf\":{\"type\":\"pbkdf2\",\"salt\":\"b2I=\"}},"
            + "\"0\":{\"type\":\"luks2\",\"kdf\":{\"type\":\"argon2id\",\"salt\":\"YWE=\"}}},\"tokens\":{}}";

    assertThat(LinuxEncryptedVolume.keySlots(json))
        .containsExactly(new KeySlot(0, "YWE="), new KeySlot(1, "b2I="));
  }

  @Test
  void theSlotAKeyOpensIsTheOneCryptsetupNames() {
    runner
        .expect(List.of(
            "cryptsetup",
            "open",
            "--test-passphrase",
            "-v",
            "--type",
            "luks",
            "--key-file",
            key.path().toString(),
            image.toString()))
        .prints("Key slot 2 unlocked.", "Command successful.");
    runner
        .expect(List.of("cryptsetup", "luksDump", "--dump-json-metadata", image.toString()))
        .prints("{\"keyslots\":{\"2\":{\"kdf\":{\"salt\":\"c2FsdA==\"}}}}");

    assertThat(volume.slotOf(image, key)).isEqualTo(new KeySlot(2, "c2FsdA=="));
  }

  @Test
  void addingAKeyWithAWrongOneIsWrongKey() {
    Path fresh = temp.resolve("store.key.new");
    runner
        .expect(List.of(
            "cryptsetup",
            "luksAddKey",
            "--batch-mode",
            "--key-file",
            key.path().toString(),
            image.toString(),
            fresh.toString()))
        .fails(2, "No key available with this passphrase.");

    StepFailedException e =
        catchThrowableOfType(StepFailedException.class, () -> volume.addKey(image, key, fresh));

    assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
    assertThat(e.step()).isEqualTo(Step.ADD_KEY);
  }

  @Test
  void theOnlyKeySlotIsNotRemovedAndCryptsetupIsNeverAsked() {
    runner
        .expect(List.of("cryptsetup", "luksDump", "--dump-json-metadata", image.toString()))
        .prints("{\"keyslots\":{\"0\":{\"kdf\":{\"salt\":\"YWE=\"}}}}");

    StepFailedException e =
        catchThrowableOfType(StepFailedException.class, () -> volume.removeKey(image, key));

    assertThat(e.step()).isEqualTo(Step.REMOVE_KEY);
    assertThat(e.getMessage()).contains("only key slot");
  }

  @Test
  void theDeviceSizeBtrfsGivesItsFilesystemIsReadFromShow() {
    List<String> show = List.of(
        "Label: 'mnemosyne'  uuid: 8da03007-3e4e-4280-9571-f69301afa9e7",
        "\tTotal devices 1 FS bytes used 147456",
        "\tdevid    1 size 167772160 used 92274688 path /dev/loop0",
        "");

    assertThat(BtrfsFilesystem.deviceSize(show))
        .contains(new BtrfsFilesystem.DeviceSize(167772160L, Path.of("/dev/loop0")));
    assertThat(BtrfsFilesystem.deviceSize(List.of("something else"))).isEmpty();
  }
}
