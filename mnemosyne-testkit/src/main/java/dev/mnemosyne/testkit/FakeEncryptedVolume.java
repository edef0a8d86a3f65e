package dev.mnemosyne.testkit;

import com.google.common.hash.Hashing;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.Step;
import dev.mnemosyne.core.port.StepFailedException;
import dev.mnemosyne.core.port.StepFailedException.Reason;
import dev.mnemosyne.core.port.VolumeKey;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * An {@link EncryptedVolume} over real, sparse image files. Formatting writes a small header
 * that records a hash of the key file's content (or that the image is unencrypted), so that
 * opening or checking with any other key fails with {@link Reason#WRONG_KEY} as cryptsetup
 * does, and an image that was never formatted is refused. Opening gives a fake block device
 * that {@link FakeSnapshotFilesystem} can make a filesystem on; the filesystem's files belong
 * to the image, whatever it is renamed to.
 */
public final class FakeEncryptedVolume implements EncryptedVolume {
  private static final String MAGIC = "mnemosyne-fake-volume 1";
  private static final String UNENCRYPTED = "unencrypted";

  private final FakeWorld world;

  FakeEncryptedVolume(FakeWorld world) {
    this.world = world;
  }

  /** Whether a volume of {@code store} is open. */
  public boolean isOpen(StoreId store) {
    synchronized (world) {
      return world.openVolumes.containsKey(store);
    }
  }

  @Override
  public void format(Path image, long sizeBytes, VolumeKey key) {
    world.run(Operation.VOLUME_FORMAT, List.of(image.toString(), Long.toString(sizeBytes)), () -> {
      if (Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
        throw new StepFailedException(Step.CREATE_IMAGE, image + " exists; refusing to format over it");
      }
      String lock = lockOf(key, Step.FORMAT_VOLUME);
      String header = MAGIC + "\n" + UUID.randomUUID() + "\n" + lock + "\n";
      try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
        file.setLength(sizeBytes);
        file.write(header.getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new StepFailedException(Step.CREATE_IMAGE, "cannot create " + image + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void checkKey(Path image, VolumeKey key) {
    world.run(Operation.VOLUME_CHECK_KEY, List.of(image.toString()), () -> unlock(image, key, Step.CHECK_KEY));
  }

  @Override
  public OpenVolume open(Path image, VolumeKey key, StoreId store) {
    return world.call(Operation.VOLUME_OPEN, List.of(image.toString(), store.value()), fault -> {
      if (world.openVolumes.containsKey(store)) {
        throw new StepFailedException(Step.OPEN_VOLUME, "a volume of store " + store + " is open already");
      }
      Header header = unlock(image, key, Step.OPEN_VOLUME);
      long size;
      try {
        size = Files.size(image);
      } catch (IOException e) {
        throw new StepFailedException(Step.OPEN_VOLUME, e.getMessage(), e);
      }
      Path device = world.writeDevice(deviceOf(store), header.uuid(), size);
      Opened opened = new Opened(store, device);
      world.openVolumes.put(store, opened);
      return opened;
    });
  }

  @Override
  public void cleanUp(StoreId store) {
    world.run(Operation.VOLUME_CLEAN_UP, List.of(store.value()), () -> {
      if (world.openVolumes.remove(store) != null) {
        deleteDevice(deviceOf(store), Step.CLEAN_UP_LEFTOVERS);
      }
    });
  }

  /** The volume id an image's header names, for finding the filesystem that belongs to it. */
  String volumeOf(Path image) {
    return readHeader(image, Step.OPEN_VOLUME).uuid();
  }

  private Path deviceOf(StoreId store) {
    return world.root.resolve("dev").resolve("mapper").resolve("mnemosyne-" + store.value());
  }

  private Header unlock(Path image, VolumeKey key, Step step) {
    Header header = readHeader(image, step);
    if (!header.lock().equals(lockOf(key, step))) {
      throw new StepFailedException(step, Reason.WRONG_KEY, "the key does not open " + image);
    }
    return header;
  }

  private static Header readHeader(Path image, Step step) {
    byte[] start = new byte[256];
    int read;
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
      read = Math.max(0, file.read(start));
    } catch (IOException e) {
      throw new StepFailedException(step, "cannot read " + image + ": " + e.getMessage(), e);
    }
    String[] lines = new String(start, 0, read, StandardCharsets.US_ASCII).split("\n");
    if (lines.length < 3 || !lines[0].equals(MAGIC)) {
      throw new StepFailedException(step, image + " is not a valid volume (never formatted?)");
    }
    return new Header(lines[1], lines[2]);
  }

  private static String lockOf(VolumeKey key, Step step) {
    if (key instanceof VolumeKey.KeyFile keyFile) {
      try {
        return "key " + Hashing.sha256().hashBytes(Files.readAllBytes(keyFile.path()));
      } catch (IOException e) {
        throw new StepFailedException(step, "cannot read the key file " + keyFile.path() + ": " + e.getMessage(), e);
      }
    }
    return UNENCRYPTED;
  }

  private static void deleteDevice(Path device, Step step) {
    try {
      Files.deleteIfExists(device);
    } catch (IOException e) {
      throw new StepFailedException(step, e.getMessage(), e);
    }
  }

  private record Header(String uuid, String lock) {}

  private final class Opened implements OpenVolume {
    private final StoreId store;
    private final Path device;
    private boolean closed;

    Opened(StoreId store, Path device) {
      this.store = store;
      this.device = device;
    }

    @Override
    public Path device() {
      return device;
    }

    @Override
    public void close() {
      synchronized (world) {
        if (closed) {
          return;
        }
        world.run(Operation.VOLUME_CLOSE, List.of(store.value()), () -> {
          if (world.openVolumes.get(store) == this) {
            if (world.mountedFilesystems.containsKey(store)) {
              throw new StepFailedException(Step.CLOSE_VOLUME, "the volume of store " + store + " is in use (mounted)");
            }
            world.openVolumes.remove(store);
            deleteDevice(device, Step.CLOSE_VOLUME);
          }
        });
        closed = true;
      }
    }
  }
}
