package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnemosyne.core.model.KeyDerivation;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.Step;
import dev.mnemosyne.core.port.StepFailedException;
import dev.mnemosyne.core.port.StepFailedException.Reason;
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
 * closed after each test.
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
    if (canOpen()) {
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
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
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
    StepFailedException failure = catchThrowableOfType(StepFailedException.class,
        () -> port.format(image, imageSizeBytes(), key));
    assertThat(failure).as("formatting over an existing file").isNotNull();
    assertThat(failure.step()).isIn(Step.CREATE_IMAGE, Step.FORMAT_VOLUME);
    assertThat(image).hasContent("precious");
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
    StepFailedException failure = catchThrowableOfType(StepFailedException.class, () -> port.checkKey(image, other));
    assertThat(failure).as("checking a wrong key").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.CHECK_KEY);
    assertThat(failure.reason()).isEqualTo(Reason.WRONG_KEY);
  }

  @Test
  void checkKeyRejectsTheSameKeyFileWithOtherContent() throws IOException {
    Path image = formatted(key("key", "a".repeat(64)));
    VolumeKey changed = key("key", "c".repeat(64));
    StepFailedException failure = catchThrowableOfType(StepFailedException.class, () -> port.checkKey(image, changed));
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
    StepFailedException failure = catchThrowableOfType(StepFailedException.class, () -> port.checkKey(image, key));
    assertThat(failure).as("checking a key against a blank image").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.CHECK_KEY);
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
    StepFailedException failure = catchThrowableOfType(StepFailedException.class,
        () -> handles.track(port.open(image, other, store)));
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
    StepFailedException failure = catchThrowableOfType(StepFailedException.class,
        () -> handles.track(port.open(image, key, store)));
    assertThat(failure).as("opening a blank image").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.OPEN_VOLUME);
  }

  @Test
  void openingTheSameStoreTwiceFails() throws IOException {
    requireOpen();
    VolumeKey key = key("key", "a".repeat(64));
    Path image = formatted(key);
    OpenVolume first = handles.track(port.open(image, key, store));
    StepFailedException failure = catchThrowableOfType(StepFailedException.class,
        () -> handles.track(port.open(image, key, store)));
    assertThat(failure).as("the second open of one store").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.OPEN_VOLUME);
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
}
