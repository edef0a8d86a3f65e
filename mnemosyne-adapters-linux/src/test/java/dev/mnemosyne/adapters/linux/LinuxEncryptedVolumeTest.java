package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.KeyDerivation;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.VolumeKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume's exact cryptsetup and losetup commands, through a scripted runner. */
class LinuxEncryptedVolumeTest {
  private static final StoreId STORE = new StoreId("backup-1234abcd");
  private static final String MAPPING = "mnemosyne-backup-1234abcd";

  @TempDir
  Path temp;

  private final ScriptedRunner runner = new ScriptedRunner();
  private Path image;
  private Path keyFile;
  private VolumeKey key;
  private LinuxEncryptedVolume volume;

  @BeforeEach
  void setUp() throws IOException {
    image = temp.resolve("nas").resolve("backup");
    Files.createDirectories(image.getParent());
    keyFile = temp.resolve("store.key");
    Files.writeString(keyFile, "00112233");
    key = VolumeKey.keyFile(keyFile, Optional.empty());
    Files.createDirectories(mapper());
    AdapterContext context =
        new AdapterContext(runner, temp.resolve("run"), Optional.empty(), d -> {});
    volume =
        new LinuxEncryptedVolume(context, new FreshDevices(), mapper(), temp.resolve("sys-block"));
  }

  private Path mapper() {
    return temp.resolve("mapper");
  }

  private Path loopRecord() {
    return temp.resolve("run").resolve(STORE.value()).resolve("loop");
  }

  @AfterEach
  void everyScriptedCommandRan() {
    runner.assertDone();
  }

  @Test
  void formatsASparseImageWithLuks2AndTheKeyFile() throws IOException {
    runner
        .expect(List.of(
            "cryptsetup",
            "luksFormat",
            "--type",
            "luks2",
            "--batch-mode",
            "--key-file",
            keyFile.toString(),
            image.toString()))
        .whileRunning(c -> assertThat(image).hasSize(64L << 20));

    volume.format(image, 64L << 20, key);

    assertThat(image).hasSize(64L << 20);
  }

  @Test
  void passesTheKeyDerivationSettings() {
    VolumeKey cheap = VolumeKey.keyFile(
        keyFile,
        Optional.of(new KeyDerivation("pbkdf2", OptionalInt.of(1000), OptionalInt.empty())));
    runner.expect(List.of(
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
        keyFile.toString(),
        image.toString()));

    volume.format(image, 1 << 20, cheap);
  }

  @Test
  void passesArgonMemory() {
    VolumeKey argon = VolumeKey.keyFile(
        keyFile,
        Optional.of(new KeyDerivation("argon2id", OptionalInt.of(4), OptionalInt.of(65536))));
    runner.expect(List.of(
        "cryptsetup",
        "luksFormat",
        "--type",
        "luks2",
        "--batch-mode",
        "--pbkdf",
        "argon2id",
        "--pbkdf-force-iterations",
        "4",
        "--pbkdf-memory",
        "65536",
        "--key-file",
        keyFile.toString(),
        image.toString()));

    volume.format(image, 1 << 20, argon);
  }

  @Test
  void removesTheImageWhenFormattingFails() {
    runner
        .expect(List.of(
            "cryptsetup",
            "luksFormat",
            "--type",
            "luks2",
            "--batch-mode",
            "--key-file",
            keyFile.toString(),
            image.toString()))
        .fails(1, "Cannot format device");

    assertThatThrownBy(() -> volume.format(image, 1 << 20, key))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.step()).isEqualTo(Step.FORMAT_VOLUME));
    assertThat(image).doesNotExist();
  }

  @Test
  void refusesAnImageThatExists() throws IOException {
    Files.writeString(image, "precious");

    assertThatThrownBy(() -> volume.format(image, 1 << 20, key))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.step()).isEqualTo(Step.CREATE_IMAGE));
    assertThat(image).hasContent("precious");
  }

  @Test
  void checksTheKeyWithoutOpening() {
    runner.expect(List.of(
        "cryptsetup",
        "open",
        "--test-passphrase",
        "--type",
        "luks",
        "--key-file",
        keyFile.toString(),
        image.toString()));

    volume.checkKey(image, key);
  }

  @Test
  void aKeyThatDoesNotOpenTheStoreIsAWrongKey() {
    runner
        .expect(List.of(
            "cryptsetup",
            "open",
            "--test-passphrase",
            "--type",
            "luks",
            "--key-file",
            keyFile.toString(),
            image.toString()))
        .fails(2, "No key available with this passphrase.");

    assertThatThrownBy(() -> volume.checkKey(image, key))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.step()).isEqualTo(Step.CHECK_KEY);
          assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
          assertThat(e.getMessage()).contains(keyFile.toString());
        });
  }

  /** The store's image opened with its key file as the store's mapping, and closed. */
  private void expectOpenAndClose() {
    runner.expect(List.of(
        "cryptsetup",
        "open",
        "--type",
        "luks",
        "--key-file",
        keyFile.toString(),
        image.toString(),
        MAPPING));
    runner.expect("cryptsetup close " + MAPPING);
  }

  @Test
  void opensAsTheStoresMappingAndClosesIt() {
    expectOpenAndClose();

    OpenVolume open = volume.open(image, key, STORE);
    open.close();
    open.close();

    assertThat(open.device()).isEqualTo(mapper().resolve(MAPPING));
  }

  @Test
  void openingWithAWrongKeyFailsAsWrongKey() {
    runner
        .expect(List.of(
            "cryptsetup",
            "open",
            "--type",
            "luks",
            "--key-file",
            keyFile.toString(),
            image.toString(),
            MAPPING))
        .fails(2, "No key available with this passphrase.");

    assertThatThrownBy(() -> volume.open(image, key, STORE))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.step()).isEqualTo(Step.OPEN_VOLUME);
          assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
        });
  }

  @Test
  void otherOpenFailuresAreErrors() {
    runner
        .expect(List.of(
            "cryptsetup",
            "open",
            "--type",
            "luks",
            "--key-file",
            keyFile.toString(),
            image.toString(),
            MAPPING))
        .fails(5, "Cannot use device " + image + " which is in use.");

    assertThatThrownBy(() -> volume.open(image, key, STORE))
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ERROR));
  }

  @Test
  void anImageWithoutALuksHeaderIsNotAStore() {
    runner
        .expect(List.of(
            "cryptsetup",
            "open",
            "--type",
            "luks",
            "--key-file",
            keyFile.toString(),
            image.toString(),
            MAPPING))
        .fails(1, "Device " + image + " is not a valid LUKS device.");

    assertThatThrownBy(() -> volume.open(image, key, STORE))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.NOT_A_STORE);
          assertThat(e)
              .hasMessageContaining("the store image " + image + " is not a LUKS volume")
              .hasMessageContaining("store.encryption");
        });
  }

  @Test
  void cleanUpClosesThisStoresLeftoverMappingOnly() throws IOException {
    Files.createFile(mapper().resolve(MAPPING));
    Files.createFile(mapper().resolve("mnemosyne-other-99999999"));
    runner.expect("cryptsetup close " + MAPPING);

    volume.cleanUp(STORE);
  }

  @Test
  void cleanUpFlushesTheImagesUnderTheLeftoversItClosed() throws IOException {
    Files.createFile(image);
    Path dm = Files.createDirectories(temp.resolve("dev")).resolve("dm-3");
    Files.createFile(dm);
    Files.createSymbolicLink(mapper().resolve(MAPPING), dm);
    Files.createDirectories(temp.resolve("sys-block/dm-3/slaves/loop5"));
    Path backing = temp.resolve("sys-block/loop5/loop/backing_file");
    Files.createDirectories(backing.getParent());
    Files.writeString(backing, image + "\n");
    recordLoop("loop7", image.toRealPath().toString());
    runner.expect("cryptsetup close " + MAPPING);
    runner.expect("losetup -d /dev/loop7");
    List<String> flushed = new ArrayList<>();
    LinuxEncryptedVolume volume = flushingWith(i -> {
      flushed.add(i.toString());
      throw new IOException("Input/output error");
    });

    volume.cleanUp(STORE);

    assertThat(flushed).containsExactly(image.toString(), image.toRealPath().toString());
    assertThat(loopRecord()).doesNotExist();
  }

  @Test
  void cleanUpDoesNothingWhenNothingIsLeft() {
    volume.cleanUp(STORE);

    assertThat(runner.seen()).isEmpty();
  }

  @Test
  void anUnencryptedImageIsOnlyCreated() throws IOException {
    volume.format(image, 1 << 20, VolumeKey.none());

    assertThat(image).hasSize(1 << 20);
    assertThat(runner.seen()).isEmpty();
  }

  @Test
  void anUnencryptedImageIsAttachedToALoopDeviceThatIsRecordedUntilDetached() throws IOException {
    Files.createFile(image);
    runner.expect("losetup --find --show " + image).prints("/dev/loop7");
    runner.expect("losetup -d /dev/loop7");

    OpenVolume open = volume.open(image, VolumeKey.none(), STORE);
    assertThat(open.device()).isEqualTo(Path.of("/dev/loop7"));
    assertThat(loopRecord()).hasContent("image=" + image.toRealPath() + "\ndevice=/dev/loop7\n");
    open.close();

    assertThat(loopRecord()).doesNotExist();
  }

  /** The volume adapter with {@code flush} in place of the fsync of the image. */
  private LinuxEncryptedVolume flushingWith(ImageFlush flush) {
    AdapterContext context =
        new AdapterContext(runner, temp.resolve("run"), Optional.empty(), d -> {});
    return new LinuxEncryptedVolume(
        context,
        new FreshDevices(),
        mapper(),
        temp.resolve("sys-block"),
        new MountTable(MountTable.MOUNTINFO),
        flush);
  }

  @Test
  void closingFlushesTheImageOnceTheLoopDeviceIsDetached() throws IOException {
    Files.createFile(image);
    runner.expect("losetup --find --show " + image).prints("/dev/loop7");
    runner.expect("losetup -d /dev/loop7");
    List<String> flushed = new ArrayList<>();
    OpenVolume open = flushingWith(i -> flushed.add(
            i + " after " + runner.seen().get(runner.seen().size() - 1).commandLine()))
        .open(image, VolumeKey.none(), STORE);

    assertThat(flushed).isEmpty();
    open.close();
    open.close();

    assertThat(flushed).containsExactly(image + " after losetup -d /dev/loop7");
  }

  @Test
  void closingFlushesTheImageOnceItsLuksMappingIsClosed() {
    expectOpenAndClose();
    List<String> flushed = new ArrayList<>();
    OpenVolume open = flushingWith(i -> flushed.add(
            i + " after " + runner.seen().get(runner.seen().size() - 1).commandLine()))
        .open(image, key, STORE);

    open.close();

    assertThat(flushed).containsExactly(image + " after cryptsetup close " + MAPPING);
  }

  @Test
  void aFlushThatFailsFailsTheCloseNamingTheImage() throws IOException {
    Files.createFile(image);
    runner.expect("losetup --find --show " + image).prints("/dev/loop7");
    runner.expect("losetup -d /dev/loop7");
    OpenVolume open = flushingWith(i -> {
          throw new IOException("Input/output error");
        })
        .open(image, VolumeKey.none(), STORE);

    assertThatThrownBy(open::close).isInstanceOfSatisfying(StepFailedException.class, e -> {
      assertThat(e.step()).isEqualTo(Step.CLOSE_VOLUME);
      assertThat(e.getMessage()).contains(image.toString(), "Input/output error");
    });
  }

  @Test
  void cleanUpDetachesTheRecordedLoopDeviceWhileItStillHoldsThisStoresImage() throws IOException {
    Files.createFile(image);
    recordLoop("loop7", image.toRealPath().toString());
    runner.expect("losetup -d /dev/loop7");

    volume.cleanUp(STORE);

    assertThat(loopRecord()).doesNotExist();
  }

  @Test
  void cleanUpNeverDetachesALoopDeviceThatNowHoldsSomethingElse() throws IOException {
    Files.createFile(image);
    recordLoop("loop7", "/srv/someone-elses.img");

    volume.cleanUp(STORE);

    assertThat(runner.seen()).isEmpty();
    assertThat(loopRecord()).doesNotExist();
  }

  @Test
  void recordsTheImageBeforeAttachingSoThatADeviceLosetupNeverNamedIsFound() throws IOException {
    Files.createFile(image);
    runner
        .expect("losetup --find --show " + image)
        .whileRunning(c -> assertThat(loopRecord()).hasContent("image=" + image + "\n"))
        .fails(1, "losetup: interrupted");

    assertThatThrownBy(() -> volume.open(image, VolumeKey.none(), STORE))
        .isInstanceOf(StepFailedException.class);
    assertThat(loopRecord()).exists();
  }

  @Test
  void cleanUpFindsTheDevicesOfAPendingRecordByTheirImage() throws IOException {
    Files.createFile(image);
    Path real = image.toRealPath();
    Files.createDirectories(loopRecord().getParent());
    Files.writeString(loopRecord(), "image=" + real + "\n");
    recordBacking("loop4", real.toString());
    recordBacking("loop5", "/srv/other.img");
    runner
        .expect("losetup -j " + real)
        .prints("/dev/loop4: [2049]:1234 (" + real + ")", "/dev/loop5: [2049]:1234 (" + real + ")");
    runner.expect("losetup -d /dev/loop4");

    volume.cleanUp(STORE);

    assertThat(loopRecord()).doesNotExist();
  }

  private void recordBacking(String device, String backing) throws IOException {
    Path file = temp.resolve("sys-block").resolve(device).resolve("loop").resolve("backing_file");
    Files.createDirectories(file.getParent());
    Files.writeString(file, backing + "\n");
  }

  private void recordLoop(String device, String currentBacking) throws IOException {
    Files.createDirectories(loopRecord().getParent());
    Files.writeString(
        loopRecord(), "image=" + image.toRealPath() + "\ndevice=/dev/" + device + "\n");
    Path backing =
        temp.resolve("sys-block").resolve(device).resolve("loop").resolve("backing_file");
    Files.createDirectories(backing.getParent());
    Files.writeString(backing, currentBacking + "\n");
  }
}
