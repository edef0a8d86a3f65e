package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.RemoteMount;
import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import dev.mnemosyne.core.port.SpaceUsage;
import dev.mnemosyne.core.port.VolumeKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RemoteMount} must have. Subclass it for an implementation and
 * supply the port and a remote to mount; the contract mounts it under fresh store ids and
 * releases everything it mounted after each test, even when the test failed. A mounted remote
 * is not unmounted while a file on it is open, or an image on it is attached to a device (supply
 * {@link #volumesOnTheRemote()} for those rules): the unmount fails as {@code umount} does on a
 * busy target and the remote stays mounted.
 *
 * <pre>{@code
 * class LocalRemoteMountTest extends RemoteMountContract {
 *   @TempDir Path share;
 *   protected RemoteMount remoteMount() { return new MyRemoteMount(); }
 *   protected Remote remote() { return new Remote.Local(share); }
 * }
 * }</pre>
 */
public abstract class RemoteMountContract {
  private final HandleTracker handles = new HandleTracker();
  private RemoteMount port;
  private Remote remote;
  private StoreId store;

  /** The implementation under test; called once before each test. */
  protected abstract RemoteMount remoteMount();

  /** A remote that {@link #remoteMount()} can mount and write into; called once before each test. */
  protected abstract Remote remote();

  /** Called after each test, once everything the test mounted is released; the default does nothing. */
  protected void releaseRemote(Remote remote) {}

  /**
   * A volume port that can open an unencrypted image lying on the remote (on Linux a loop
   * device), for the rules on a remote that holds an open image; empty by default, and those
   * tests then skip.
   */
  protected Optional<EncryptedVolume> volumesOnTheRemote() {
    return Optional.empty();
  }

  /**
   * Holds {@code file} open, as a process using it would, until the handle is closed. The
   * default opens it for real; a fake that cannot see the host's open files holds it its own way.
   */
  protected Handle holdOpen(Path file) throws IOException {
    return ContractFiles.holdOpen(file);
  }

  @BeforeEach
  final void setUpRemoteMountContract() {
    port = remoteMount();
    remote = remote();
    store = freshStore();
  }

  @AfterEach
  final void tearDownRemoteMountContract() {
    RuntimeException failure = handles.closeAll();
    port.cleanUp(store);
    releaseRemote(remote);
    if (failure != null) {
      throw failure;
    }
  }

  /** A store id no other test uses. */
  protected static StoreId freshStore() {
    return new StoreId("contract-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void mountGivesAWritableDirectoryThatKeepsItsFilesAcrossMounts() throws IOException {
    Path written;
    try (MountedRemote mounted = port.mount(remote, store)) {
      assertThat(mounted.directory()).isDirectory();
      written = Files.writeString(mounted.directory().resolve("contract-" + store.value()), "kept");
    }
    try (MountedRemote again = handles.track(port.mount(remote, store))) {
      Path file = again.directory().resolve(written.getFileName().toString());
      assertThat(file).hasContent("kept");
      Files.delete(file);
    }
  }

  @Test
  void spaceIsPlausible() {
    MountedRemote mounted = handles.track(port.mount(remote, store));
    SpaceUsage space = mounted.space();
    assertThat(space.freeBytes()).isLessThanOrEqualTo(space.totalBytes());
  }

  @Test
  void closingTwiceIsHarmless() {
    MountedRemote mounted = port.mount(remote, store);
    mounted.close();
    assertThatCode(mounted::close).doesNotThrowAnyException();
  }

  @Test
  void mountingTheSameStoreTwiceFails() {
    MountedRemote first = handles.track(port.mount(remote, store));
    StepFailedException failure = catchThrowableOfType(
        StepFailedException.class, () -> handles.track(port.mount(remote, store)));
    assertThat(failure).as("the second mount of one store").isNotNull();
    assertThat(failure.step()).isEqualTo(Step.MOUNT_REMOTE);
    assertThat(first.directory()).isDirectory();
  }

  @Test
  void canMountAgainAfterClosing() {
    port.mount(remote, store).close();
    MountedRemote again = handles.track(port.mount(remote, store));
    assertThat(again.directory()).isDirectory();
  }

  @Test
  void cleanUpReleasesWhatAnUnclosedMountLeft() {
    MountedRemote abandoned = port.mount(remote, store);
    port.cleanUp(store);
    MountedRemote again = handles.track(port.mount(remote, store));
    assertThat(again.directory()).isDirectory();
    assertThat(abandoned).isNotSameAs(again);
  }

  @Test
  void cleanUpWithNothingMountedIsANoOp() {
    assertThatCode(() -> port.cleanUp(store)).doesNotThrowAnyException();
    MountedRemote mounted = handles.track(port.mount(remote, store));
    assertThat(mounted.directory()).isDirectory();
  }

  @Test
  void cleanUpLeavesOtherStoresMounted() throws IOException {
    MountedRemote mounted = handles.track(port.mount(remote, store));
    StoreId other = freshStore();
    port.cleanUp(other);
    Path file = Files.writeString(
        mounted.directory().resolve("contract-still-" + store.value()), "still mounted");
    assertThat(file).hasContent("still mounted");
    Files.delete(file);
    assertThatCode(mounted::close).doesNotThrowAnyException();
  }

  private EncryptedVolume requireVolumes() {
    Optional<EncryptedVolume> volumes = volumesOnTheRemote();
    assumeTrue(
        volumes.isPresent(),
        "no volume port that opens images on this remote (volumesOnTheRemote)");
    return volumes.get();
  }

  /** Unmounting fails as {@code umount} does on a busy target, unless the remote is a local directory, never mounted. */
  private void assertUnmountRefusedWhileBusy(Runnable unmount, Step step, Path stillThere) {
    if (remote instanceof Remote.Local) {
      assertThatCode(unmount::run)
          .as("a local remote is not mounted, so nothing keeps it")
          .doesNotThrowAnyException();
      return;
    }
    StepFailedException failure = catchThrowableOfType(StepFailedException.class, unmount::run);
    assertThat(failure).as("unmounting a remote that is in use").isNotNull();
    assertThat(failure.step()).isEqualTo(step);
    assertThat(failure.reason()).isEqualTo(StepFailedException.Reason.ERROR);
    assertThat(failure.getMessage()).contains("busy");
    assertThat(stillThere).as("the remote stays mounted").exists();
  }

  @Test
  void aRemoteIsNotUnmountedWhileAnImageOnItIsOpen() throws IOException {
    EncryptedVolume volumes = requireVolumes();
    MountedRemote mounted = handles.track(port.mount(remote, store));
    Path image = mounted.directory().resolve("contract-" + store.value() + ".img");
    volumes.format(image, 16L << 20, VolumeKey.none());
    OpenVolume volume = volumes.open(image, VolumeKey.none(), store);
    try {
      assertUnmountRefusedWhileBusy(mounted::close, Step.UNMOUNT_REMOTE, image);
    } finally {
      volume.close();
    }
    Files.delete(image);
    assertThatCode(mounted::close)
        .as("unmounting once the image is closed")
        .doesNotThrowAnyException();
  }

  @Test
  void cleanUpLeavesARemoteMountedWhileAnImageOnItIsOpen() throws IOException {
    EncryptedVolume volumes = requireVolumes();
    MountedRemote abandoned = port.mount(remote, store);
    Path image = abandoned.directory().resolve("contract-" + store.value() + ".img");
    volumes.format(image, 16L << 20, VolumeKey.none());
    OpenVolume volume = volumes.open(image, VolumeKey.none(), store);
    try {
      assertUnmountRefusedWhileBusy(() -> port.cleanUp(store), Step.CLEAN_UP_LEFTOVERS, image);
    } finally {
      volume.close();
    }
    Files.delete(image);
    assertThatCode(() -> port.cleanUp(store))
        .as("cleaning up once the image is closed")
        .doesNotThrowAnyException();
  }

  @Test
  void aRemoteIsNotUnmountedWhileAFileOnItIsOpen() throws IOException {
    MountedRemote mounted = handles.track(port.mount(remote, store));
    Path file =
        Files.writeString(mounted.directory().resolve("contract-open-" + store.value()), "in use");
    Handle held = holdOpen(file);
    try {
      assertUnmountRefusedWhileBusy(mounted::close, Step.UNMOUNT_REMOTE, file);
    } finally {
      held.close();
    }
    Files.delete(file);
    assertThatCode(mounted::close)
        .as("unmounting once the file is closed")
        .doesNotThrowAnyException();
  }
}
