package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run has acquired, released in reverse order. Release runs to the end even when one
 * handle fails to close, and even when the thread was interrupted (the interrupt is kept for
 * the caller); the first error is the one reported, later ones are attached as suppressed.
 * {@link #announcing} ones tell their listener of each teardown step before it runs.
 */
final class Resources {
  private static final Logger log = LoggerFactory.getLogger(Resources.class);
  private final Deque<Handle> handles = new ArrayDeque<>();
  private final BackupListener listener;
  private final String lockDetail;

  /** Resources released without events. */
  Resources() {
    this(BackupListener.NONE, "");
  }

  private Resources(BackupListener listener, String lockDetail) {
    this.listener = listener;
    this.lockDetail = lockDetail;
  }

  /**
   * Resources whose release announces each step to {@code listener}: unmounting a filesystem or
   * a remote, closing a volume, and for any other handle (a lock) releasing the lock of {@code lockDetail}.
   */
  static Resources announcing(BackupListener listener, String lockDetail) {
    return new Resources(listener, lockDetail);
  }

  /**
   * Runs {@code work} with fresh resources and releases them on every path: a failure of the
   * work is thrown (as a {@link MnemosyneException}) with the teardown's failures attached as
   * suppressed; without one, the first teardown failure is thrown.
   */
  static <T> T supply(Function<Resources, T> work) {
    Resources resources = new Resources();
    Optional<MnemosyneException> failure = Optional.empty();
    T result = null;
    try {
      result = work.apply(resources);
    } catch (RuntimeException | Error e) {
      failure = Optional.of(Failures.asMnemosyne(e));
    }
    resources.releaseOrThrow(failure);
    return result;
  }

  /** As {@link #supply}, for work that returns nothing. */
  static void run(Consumer<Resources> work) {
    supply(resources -> {
      work.accept(resources);
      return Boolean.TRUE;
    });
  }

  /** Whether nothing is held. */
  boolean isEmpty() {
    return handles.isEmpty();
  }

  <H extends Handle> H add(H handle) {
    handles.push(handle);
    return handle;
  }

  /**
   * Releases everything and returns the error to report: {@code failure} if there was one
   * (with teardown errors attached as suppressed), else the first teardown error.
   */
  Optional<MnemosyneException> release(Optional<MnemosyneException> failure) {
    boolean interrupted = Thread.interrupted();
    MnemosyneException first = failure.orElse(null);
    try {
      while (!handles.isEmpty()) {
        Handle handle = handles.pop();
        announce(handle);
        try {
          handle.close();
        } catch (RuntimeException | Error e) {
          MnemosyneException error = Failures.asMnemosyne(e);
          if (first == null) {
            first = error;
          } else {
            first.addSuppressed(error);
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return Optional.ofNullable(first);
  }

  /** Tells the listener which teardown step {@code handle}'s release is; never throws, so the release always runs. */
  private void announce(Handle handle) {
    if (listener == BackupListener.NONE) {
      return;
    }
    try {
      listener.on(teardownStep(handle));
    } catch (RuntimeException e) {
      log.debug("a listener failed on a teardown step", e);
    }
  }

  private BackupEvent.StepStarted teardownStep(Handle handle) {
    BackupEvent.StepStarted step;
    if (handle instanceof MountedFilesystem fs) {
      step = new BackupEvent.StepStarted(Step.UNMOUNT_FILESYSTEM, fs.root().toString());
    } else if (handle instanceof OpenVolume volume) {
      step = new BackupEvent.StepStarted(Step.CLOSE_VOLUME, volume.device().toString());
    } else if (handle instanceof MountedRemote remote) {
      step = new BackupEvent.StepStarted(Step.UNMOUNT_REMOTE, remote.directory().toString());
    } else {
      step = new BackupEvent.StepStarted(Step.RELEASE_LOCK, lockDetail);
    }
    return step;
  }

  /** Releases everything; throws the first error if {@code failure} is empty and a release fails. */
  void releaseOrThrow(Optional<MnemosyneException> failure) {
    Optional<MnemosyneException> error = release(failure);
    if (error.isPresent()) {
      throw error.get();
    }
  }
}
