package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.KeyDerivation;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.core.port.VolumeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link EncryptedVolume} must have. Subclass it and supply the port;
 * images and key files are made in a fresh temporary directory. Tests that open a volume
 * run only when {@link #canOpen()} says the host can (the real LUKS adapter needs
 * device-mapper for that; formatting and checking keys do not), and everything opened is
 * closed after each test. An image is opened once, for one store; a LUKS volume whose
 * filesystem is mounted is busy and stays open, while an unencrypted one (a loop device) is
 * detached only when the filesystem on it is unmounted (supply {@link #filesystemOnTheVolumes()}).
 */
public abstract class EncryptedVolumeContract {
  private final HandleTracker handles = new HandleTracker();
  private EncryptedVolume port;
  private StoreId store;

  /** A fresh directory for this test's images and key files. */
  @TempDir
  protected Path workDirectory;

  /** The implementation under test; called once before each test. */
  protected abstract EncryptedVolume encryptedVolume();

  /**
   * Whether this host can open volumes with the implementation; the open tests are skipped
   * otherwise. Real adapters typically answer {@code Capability.DM_CRYPT.isPresent()}.
   */
  protected boolean canOpen() {
    return true;
  }

  /**
   * Whether this host can open unencrypted images with the implementation (on Linux: attach
   * a loop device, which needs no device-mapper); the same as {@link #canOpen()} by default.
   */
  protected boolean canOpenUnencrypted() {
    return canOpen();
  }

  /**
   * A filesystem port that can make and mount a filesystem on the devices the volumes give,
   * for the rules on a volume whose filesystem is mounted; empty by default, and those tests skip.
   */
  protected Optional<SnapshotFilesystem> filesystemOnTheVolumes() {
    return Optional.empty();
  }

  /** The size of the images that the tests put a filesystem in: btrfs needs at least about 110 MiB. */
  protected long filesystemImageSizeBytes() {
    return 160L << 20;
  }

  /** The size of the images the tests format; big enough for a LUKS2 header. */
  protected long imageSizeBytes() {
    return 32L << 20;
  }

  /** The key derivation the tests format with: the cheapest cryptsetup accepts, to keep tests quick. */
  protected Optional<KeyDerivation> keyDerivation() {
    return Optional.of(new KeyDerivation("pbkdf2", OptionalInt.of(1000), OptionalInt.empty()));
  }

  @BeforeEach
  final void setUpEncryptedVolumeContract() {
    port = encryptedVolume();
    store = new StoreId("contract-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @AfterEach
  final void tearDownEncryptedVolumeContract() {
    RuntimeException failure = handles.closeAll();
    if (canOpen() || canOpenUnencrypted()) {
      port.cleanUp(store);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** A key file in the work directory holding {@code content}, mode 0600. */
  protected final VolumeKey key(String name, String content) throws IOException {
    Path file = workDirectory.resolve(name);
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.US_ASCII);
    return VolumeKey.keyFile(file, keyDerivation());
  }

  private Path formatted(VolumeKey key) {
    Path image = workDirectory.resolve("store-" + UUID.randomUUID().toString().substring(0, 8));
    port.format(image, imageSizeBytes(), key);
    return image;
  }

  private void requireOpen() {
    assumeTrue(canOpen(), "this host cannot open volumes with the implementation under test");
  }

  @Test
  void formatCreatesAnImageOfTheRequestedSize() throws IOException {
    Path image = formatted(key("key", "a".repeat(64)));
    assertThat(image).isRegularFile();
    assertThat(Files.size(image)).isEqualTo(imageSizeBytes());
  }

  @Test
  void formatWithoutEncryptionCreatesAnImageOfTheRequestedSize() throws IOException {
    Path image = formatted(VolumeKey.none());
    assertThat(image).isRegularFile();
    assertThat(Files.size(image)).isEqualTo(imageSizeBytes());
  }

  @Test
  void formatRefusesAnExistingImage() throws IOException {
    Path image = Files.writeString(workDirectory.resolve("existing"), "precious");
    VolumeKey key = key("key", "a".repeat(64));
    StepFailedException failure = catchThrowableOfType(
        StepFailedException.class, () -> port.format(image, imageSizeBytes(), key));
    assertThat(failure).as("formatting over an existing file").isNotNull();
    assertThat(failure.step()).isIn(Step.CREATE_IMAGE, Step.FORMAT_VOLUME);
    assertThat(image).hasContent("precious");
  }

  @Test
  void theHeaderOfAnEncryptedImageCanBeBackedUpButNotOverAFile() throws IOException {
    Path image = formatted(key("key", "a".repeat(64)));
    Path header = workDirectory.resolve("header.img");
    port.backupHeader(image, header);
    assertThat(header).isRegularFile();
    assertThat(Files.size(header)).isPositive();

    Path existing = Files.writeString(workDirectory.resolve("existing"), "precious");
    StepFailedException failure =
        catchThrowableOfType(StepFailedException.class, () -> port.backupHeader(image, existing));
    assertThat(failure).as("a header backup over an existing file").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.BACK_UP_HEADER);
    assertThat(existing).hasContent("precious");
  }

  @Test
  void anUnencryptedImageHasNoHeaderToBackUp() {
    Path image = formatted(VolumeKey.none());
    StepFailedException failure = catchThrowableOfType(
        StepFailedException.class,
        () -> port.backupHeader(image, workDirectory.resolve("header.img")));
    assertThat(failure).as("a header backup of an unencrypted image").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.BACK_UP_HEADER);
  }

  @Test
  void checkKeyAcceptsTheKeyTheImageWasFormattedWith() throws IOException {
    VolumeKey key = key("key", "a".repeat(64));
    Path image = formatted(key);
    assertThatCode(() -> port.checkKey(image, key)).doesNotThrowAnyException();
  }

  @Test
  void checkKeyRejectsAnotherKeyFile() throws IOException {
    Path image = formatted(key("key", "a".repeat(64)));
    VolumeKey other = key("other", "b".repeat(64));
    StepFailedException failure =
        catchThrowableOfType(StepFailedException.class, () -> port.checkKey(image, other));
    assertThat(failure).as("checking a wrong key").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.CHECK_KEY);
    assertThat(failure.reason()).isEqualTo(Reason.WRONG_KEY);
  }

  @Test
  void checkKeyRejectsTheSameKeyFileWithOtherContent() throws IOException {
    Path image = formatted(key("key", "a".repeat(64)));
    VolumeKey changed = key("key", "c".repeat(64));
    StepFailedException failure =
        catchThrowableOfType(StepFailedException.class, () -> port.checkKey(image, changed));
    assertThat(failure).as("checking a key file whose content changed").isNotNull();
    assertThat(failure.reason()).isEqualTo(Reason.WRONG_KEY);
  }

  @Test
  void checkKeyFailsOnAnImageThatWasNeverFormatted() throws IOException {
    Path image = workDirectory.resolve("blank");
    try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(imageSizeBytes());
    }
    VolumeKey key = key("key", "a".repeat(64));
    StepFailedException failure =
        catchThrowableOfType(StepFailedException.class, () -> port.checkKey(image, key));
    assertThat(failure).as("checking a key against a blank image").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.CHECK_KEY);
  }

  @Test
  void anImageGrowsSparseAndNeverShrinks() throws IOException {
    VolumeKey key = key("key", "a".repeat(64));
    Path image = formatted(key);
    long size = imageSizeBytes();
    assertThat(port.imageSize(image)).isEqualTo(size);

    port.growImage(image, 2 * size);
    port.growImage(image, 2 * size);

    assertThat(port.imageSize(image)).isEqualTo(2 * size);
    assertThatCode(() -> port.checkKey(image, key))
        .as("the grown image opens with its key")
        .doesNotThrowAnyException();
    StepFailedException failure =
        catchThrowableOfType(StepFailedException.class, () -> port.growImage(image, size));
    assertThat(failure).as("shrinking the image").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.GROW_IMAGE);
    assertThat(port.imageSize(image)).isEqualTo(2 * size);
  }

  @Test
  void resizingAStoreThatIsNotOpenFails() throws IOException {
    VolumeKey key = key("key", "a".repeat(64));
    Path image = formatted(key);
    port.growImage(image, 2 * imageSizeBytes());
    StepFailedException failure =
        catchThrowableOfType(StepFailedException.class, () -> port.resize(image, key, store));
    assertThat(failure).as("resizing a volume that is not open").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.RESIZE_VOLUME);
  }

  @Test
  void anOpenVolumeTakesTheGrownImageWhenResized() throws IOException {
    requireOpen();
    VolumeKey key = key("key", "a".repeat(64));
    Path image = formatted(key);
    OpenVolume volume = handles.track(port.open(image, key, store));
    Optional<Long> before = deviceSize(volume.device());

    port.growImage(image, 2 * imageSizeBytes());
    port.resize(image, key, store);
    port.resize(image, key, store);

    assertThat(volume.device()).exists();
    before.ifPresent(b -> assertThat(deviceSize(volume.device()))
        .hasValueSatisfying(
            after -> assertThat(after).isGreaterThanOrEqualTo(b + imageSizeBytes())));
  }

  /** The size of an open volume's device, where the implementation can tell it; empty by default. */
  protected Optional<Long> deviceSize(Path device) {
    return Optional.empty();
  }

  @Test
  void anAddedKeyOpensTooAndRemovingTheOldOneLeavesOnlyTheNew() throws IOException {
    VolumeKey.KeyFile old = (VolumeKey.KeyFile) key("old", "a".repeat(64));
    VolumeKey.KeyFile fresh = (VolumeKey.KeyFile) key("new", "b".repeat(64));
    Path image = formatted(old);
    EncryptedVolume.KeySlot oldSlot = port.slotOf(image, old);
    assertThat(port.keySlots(image)).containsExactly(oldSlot);

    port.addKey(image, old, fresh.path());

    EncryptedVolume.KeySlot newSlot = port.slotOf(image, fresh);
    assertThat(newSlot.number()).isNotEqualTo(oldSlot.number());
    assertThat(port.keySlots(image)).containsExactlyInAnyOrder(oldSlot, newSlot);
    assertThatCode(() -> port.checkKey(image, old)).doesNotThrowAnyException();

    port.removeKey(image, old);

    assertThat(port.keySlots(image)).containsExactly(newSlot);
    assertThatCode(() -> port.checkKey(image, fresh)).doesNotThrowAnyException();
    StepFailedException failure =
        catchThrowableOfType(StepFailedException.class, () -> port.checkKey(image, old));
    assertThat(failure).as("the removed key").isNotNull();
    assertThat(failure.reason()).isEqualTo(Reason.WRONG_KEY);
  }

  @Test
  void aSlotThatGetsAnotherKeyGetsAnotherSalt() throws IOException {
    VolumeKey.KeyFile first = (VolumeKey.KeyFile) key("first", "a".repeat(64));
    VolumeKey.KeyFile second = (VolumeKey.KeyFile) key("second", "b".repeat(64));
    VolumeKey.KeyFile third = (VolumeKey.KeyFile) key("third", "c".repeat(64));
    Path image = formatted(first);
    EncryptedVolume.KeySlot firstSlot = port.slotOf(image, first);
    port.addKey(image, first, second.path());
    port.removeKey(image, first);
    port.addKey(image, second, third.path());

    EncryptedVolume.KeySlot thirdSlot = port.slotOf(image, third);
    assertThat(port.keySlots(image)).doesNotContain(firstSlot).contains(thirdSlot);
  }

  @Test
  void addingAKeyNeedsAKeyThatOpensTheStore() throws IOException {
    VolumeKey.KeyFile key = (VolumeKey.KeyFile) key("key", "a".repeat(64));
    VolumeKey.KeyFile wrong = (VolumeKey.KeyFile) key("wrong", "b".repeat(64));
    VolumeKey.KeyFile fresh = (VolumeKey.KeyFile) key("new", "c".repeat(64));
    Path image = formatted(key);

    StepFailedException failure = catchThrowableOfType(
        StepFailedException.class, () -> port.addKey(image, wrong, fresh.path()));

    assertThat(failure).as("adding a key with a wrong one").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.ADD_KEY);
    assertThat(failure.reason()).isEqualTo(Reason.WRONG_KEY);
    assertThat(port.keySlots(image)).hasSize(1);
    assertThat(catchThrowableOfType(StepFailedException.class, () -> port.checkKey(image, fresh)))
        .isNotNull();
  }

  @Test
  void theOnlyKeySlotIsNeverRemoved() throws IOException {
    VolumeKey.KeyFile key = (VolumeKey.KeyFile) key("key", "a".repeat(64));
    Path image = formatted(key);

    StepFailedException failure =
        catchThrowableOfType(StepFailedException.class, () -> port.removeKey(image, key));

    assertThat(failure).as("removing the only key").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.REMOVE_KEY);
    assertThatCode(() -> port.checkKey(image, key)).doesNotThrowAnyException();
  }

  @Test
  void anUnencryptedImageHasNoKeySlots() {
    Path image = formatted(VolumeKey.none());
    StepFailedException failure =
        catchThrowableOfType(StepFailedException.class, () -> port.keySlots(image));
    assertThat(failure).as("the key slots of an unencrypted image").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.READ_KEY_SLOTS);
  }

  @Test
  void openGivesADeviceAndClosingTwiceIsHarmless() throws IOException {
    requireOpen();
    VolumeKey key = key("key", "a".repeat(64));
    Path image = formatted(key);
    OpenVolume volume = port.open(image, key, store);
    try {
      assertThat(volume.device()).exists();
    } finally {
      volume.close();
    }
    assertThatCode(volume::close).doesNotThrowAnyException();
  }

  @Test
  void openWithAnotherKeyFailsWithWrongKey() throws IOException {
    requireOpen();
    Path image = formatted(key("key", "a".repeat(64)));
    VolumeKey other = key("other", "b".repeat(64));
    StepFailedException failure = catchThrowableOfType(
        StepFailedException.class, () -> handles.track(port.open(image, other, store)));
    assertThat(failure).as("opening with a wrong key").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.OPEN_VOLUME);
    assertThat(failure.reason()).isEqualTo(Reason.WRONG_KEY);
  }

  @Test
  void openFailsOnAnImageThatWasNeverFormatted() throws IOException {
    requireOpen();
    Path image = workDirectory.resolve("blank");
    try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(imageSizeBytes());
    }
    VolumeKey key = key("key", "a".repeat(64));
    StepFailedException failure = catchThrowableOfType(
        StepFailedException.class, () -> handles.track(port.open(image, key, store)));
    assertThat(failure).as("opening a blank image").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.OPEN_VOLUME);
  }

  @Test
  void openingTheSameStoreTwiceFails() throws IOException {
    requireOpen();
    VolumeKey key = key("key", "a".repeat(64));
    Path image = formatted(key);
    OpenVolume first = handles.track(port.open(image, key, store));
    MnemosyneException failure = catchThrowableOfType(
        MnemosyneException.class, () -> handles.track(port.open(image, key, store)));
    assertThat(failure).as("the second open of one store").isNotNull();
    if (failure instanceof StepFailedException stepFailed) {
      assertThat(stepFailed.step()).isEqualTo(Step.OPEN_VOLUME);
    } else {
      assertThat(failure)
          .as("the image is attached already")
          .isInstanceOf(StoreLockedException.class);
    }
    assertThat(first.device()).exists();
  }

  @Test
  void cleanUpClosesWhatAnUnclosedOpenLeft() throws IOException {
    requireOpen();
    VolumeKey key = key("key", "a".repeat(64));
    Path image = formatted(key);
    port.open(image, key, store);
    port.cleanUp(store);
    OpenVolume again = handles.track(port.open(image, key, store));
    assertThat(again.device()).exists();
  }

  @Test
  void cleanUpWithNothingOpenIsANoOpAndLeavesOtherStoresOpen() throws IOException {
    requireOpen();
    VolumeKey key = key("key", "a".repeat(64));
    Path image = formatted(key);
    assertThatCode(() -> port.cleanUp(store)).doesNotThrowAnyException();
    OpenVolume volume = handles.track(port.open(image, key, store));
    port.cleanUp(new StoreId("contract-other-" + UUID.randomUUID().toString().substring(0, 8)));
    assertThat(volume.device()).exists();
    handles.forget(volume);
    assertThatCode(volume::close).doesNotThrowAnyException();
  }

  private SnapshotFilesystem requireFilesystem() {
    Optional<SnapshotFilesystem> filesystem = filesystemOnTheVolumes();
    assumeTrue(
        filesystem.isPresent(),
        "no filesystem port to mount on the volumes (filesystemOnTheVolumes)");
    return filesystem.get();
  }

  private Path formattedForAFilesystem(VolumeKey key) {
    Path image = workDirectory.resolve("fs-" + UUID.randomUUID().toString().substring(0, 8));
    port.format(image, filesystemImageSizeBytes(), key);
    return image;
  }

  @Test
  void theSameImageIsNotOpenedForAnotherStore() {
    assumeTrue(
        canOpenUnencrypted(),
        "this host cannot open unencrypted images with the implementation under test");
    Path image = formatted(VolumeKey.none());
    OpenVolume first = handles.track(port.open(image, VolumeKey.none(), store));
    StoreId other = new StoreId("contract-other-" + UUID.randomUUID().toString().substring(0, 8));
    StoreLockedException failure = catchThrowableOfType(
        StoreLockedException.class, () -> handles.track(port.open(image, VolumeKey.none(), other)));
    assertThat(failure)
        .as("opening an image that is open already, for another store")
        .isNotNull();
    assertThat(failure.getMessage()).contains(image.toString()).contains("open already");
    assertThat(first.device()).exists();
  }

  @Test
  void anEncryptedVolumeWhoseFilesystemIsMountedIsNotClosed() throws IOException {
    requireOpen();
    SnapshotFilesystem filesystems = requireFilesystem();
    VolumeKey key = key("key", "a".repeat(64));
    OpenVolume volume = handles.track(port.open(formattedForAFilesystem(key), key, store));
    filesystems.makeFilesystem(volume.device(), "contract");
    MountedFilesystem mounted = filesystems.mount(volume.device(), store);
    try {
      StepFailedException failure = catchThrowableOfType(StepFailedException.class, volume::close);
      assertThat(failure).as("closing a volume whose filesystem is mounted").isNotNull();
      assertThat(failure.step()).isEqualTo(Step.CLOSE_VOLUME);
      assertThat(failure.getMessage()).contains("in use");
      mounted.createSubvolume("docs.0");
    } finally {
      mounted.close();
    }
    assertThatCode(volume::close)
        .as("closing once the filesystem is unmounted")
        .doesNotThrowAnyException();
  }

  @Test
  void anUnencryptedVolumeClosedUnderAMountedFilesystemHoldsItsImageUntilTheUnmount() {
    assumeTrue(
        canOpenUnencrypted(),
        "this host cannot open unencrypted images with the implementation under test");
    SnapshotFilesystem filesystems = requireFilesystem();
    Path image = formattedForAFilesystem(VolumeKey.none());
    OpenVolume volume = handles.track(port.open(image, VolumeKey.none(), store));
    filesystems.makeFilesystem(volume.device(), "contract");
    MountedFilesystem mounted = filesystems.mount(volume.device(), store);
    try {
      assertThatCode(volume::close)
          .as("a loop device is detached once it is no longer in use")
          .doesNotThrowAnyException();
      mounted.createSubvolume("docs.0");
      assertThat(mounted.entries())
          .extracting(SnapshotFilesystem.Entry::name)
          .containsExactly("docs.0");
      StoreId other =
          new StoreId("contract-other-" + UUID.randomUUID().toString().substring(0, 8));
      StoreLockedException failure = catchThrowableOfType(
          StoreLockedException.class,
          () -> handles.track(port.open(image, VolumeKey.none(), other)));
      assertThat(failure)
          .as("the image stays attached while the filesystem on it is mounted")
          .isNotNull();
    } finally {
      mounted.close();
    }
  }
}
