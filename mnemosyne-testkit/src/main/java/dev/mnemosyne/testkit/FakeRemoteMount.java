package dev.mnemosyne.testkit;

import com.google.common.base.Preconditions;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.RemoteMount;
import dev.mnemosyne.core.port.SpaceUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link RemoteMount} over directories. A local remote is its own directory; a CIFS share
 * or block device is a directory of the environment named after it, so that it keeps its
 * files between mounts. Mounting a store that is mounted fails, as does unmounting twice
 * through different handles; {@link #cleanUp} releases only the given store's mount. As the
 * kernel, it refuses to unmount a share or device while an image on it is attached to a
 * device (an open volume) or a file on it is held open ({@link FakeEnvironment#holdOpen}).
 */
public final class FakeRemoteMount implements RemoteMount {
  private final FakeWorld world;

  FakeRemoteMount(FakeWorld world) {
    this.world = world;
  }

  /** Sets the size of every remote; their free space is that less the (apparent) size of their files. */
  public void capacity(long bytes) {
    Preconditions.checkArgument(bytes > 0, "capacity (%s) must be positive", bytes);
    synchronized (world) {
      world.remoteCapacityBytes = bytes;
    }
  }

  /** Whether {@code store} has its remote mounted. */
  public boolean isMounted(StoreId store) {
    synchronized (world) {
      return world.remoteMounts.containsKey(store);
    }
  }

  /** The directory that holds {@code remote}'s files, mounted or not. */
  public Path directoryOf(Remote remote) {
    if (remote instanceof Remote.Local local) {
      return local.path();
    }
    String name = remote.identity().replaceAll("[^A-Za-z0-9._-]+", "_");
    return world.root.resolve("remotes").resolve(name);
  }

  @Override
  public MountedRemote mount(Remote remote, StoreId store) {
    return world.call(Operation.REMOTE_MOUNT, List.of(remote.identity(), store.value()), fault -> {
      if (world.remoteMounts.containsKey(store)) {
        throw new StepFailedException(
            Step.MOUNT_REMOTE, "the remote of store " + store + " is mounted already");
      }
      Path directory = directoryOf(remote);
      if (remote instanceof Remote.Local) {
        if (!Files.isDirectory(directory)) {
          throw new StepFailedException(Step.MOUNT_REMOTE, directory + " is not a directory");
        }
      } else {
        try {
          Files.createDirectories(directory);
        } catch (IOException e) {
          throw new StepFailedException(Step.MOUNT_REMOTE, e.getMessage(), e);
        }
      }
      Mounted mounted = new Mounted(store, directory, !(remote instanceof Remote.Local));
      world.remoteMounts.put(store, mounted);
      return mounted;
    });
  }

  @Override
  public void cleanUp(StoreId store) {
    world.run(Operation.REMOTE_CLEAN_UP, List.of(store.value()), () -> {
      Mounted mounted = (Mounted) world.remoteMounts.get(store);
      if (mounted != null) {
        mounted.unmount(Step.CLEAN_UP_LEFTOVERS);
      }
    });
  }

  final class Mounted implements MountedRemote {
    private final StoreId store;
    final Path directory;
    /** Whether the remote is a mount (a share, a device) rather than a local directory used as it is. */
    final boolean mount;

    private boolean closed;

    Mounted(StoreId store, Path directory, boolean mount) {
      this.store = store;
      this.directory = directory;
      this.mount = mount;
    }

    /**
     * Unmounts, unless an image on the remote is attached to a device of this store or a file
     * on it is held open: the kernel refuses that ("target is busy") and the share stays
     * mounted. A local remote is never mounted, so there is nothing to refuse.
     */
    void unmount(Step step) {
      if (mount) {
        FakeWorld.refuseBusyUnmount(
            step, directory, world.busyFilesUnder(directory, Optional.of(store)));
      }
      world.remoteMounts.remove(store);
    }

    @Override
    public Path directory() {
      return directory;
    }

    @Override
    public SpaceUsage space() {
      return world.call(Operation.REMOTE_SPACE, List.of(store.value()), fault -> {
        long used = apparentSize(directory);
        return new SpaceUsage(
            world.remoteCapacityBytes, Math.max(0, world.remoteCapacityBytes - used));
      });
    }

    @Override
    public void close() {
      synchronized (world) {
        if (closed) {
          return;
        }
        world.run(Operation.REMOTE_UNMOUNT, List.of(store.value()), () -> {
          if (world.remoteMounts.get(store) == this) {
            unmount(Step.UNMOUNT_REMOTE);
          }
        });
        closed = true;
      }
    }
  }

  private static long apparentSize(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(p -> {
            try {
              return Files.size(p);
            } catch (IOException e) {
              return 0;
            }
          })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
