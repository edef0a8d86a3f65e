package dev.mnemosyne.testkit;

import com.google.common.hash.Hashing;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.VolumeKey;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * An {@link EncryptedVolume} over real, sparse image files. Formatting writes a small header
 * that records, per key slot, a hash of the key file's content and a salt (or that the image
 * is unencrypted), so that opening or checking with any other key fails with {@link
 * Reason#WRONG_KEY} as cryptsetup does, a key can be added and removed (never the last one),
 * and an image that was never formatted is refused. Opening gives a fake block device of the
 * image's size that {@link FakeSnapshotFilesystem} can make a filesystem on; the filesystem's
 * files belong to the image, whatever it is renamed to. An image only grows, and the open
 * volume takes the new size when resized, as a loop device and a LUKS mapping do. As the
 * kernel, it refuses to open an image that a device holds already (for any store) and to close
 * a LUKS volume whose filesystem is mounted; an unencrypted volume closed under a mounted
 * filesystem keeps its image attached until that is unmounted, as {@code losetup -d} does.
 */
public final class FakeEncryptedVolume implements EncryptedVolume {
  private static final String MAGIC = "mnemosyne-fake-volume 1";
  private static final String UNENCRYPTED = "unencrypted";
  /** How many bytes at the start of the image the header may take. */
  private static final int HEADER_BYTES = 4096;
  /** LUKS2 has 32 key slots. */
  private static final int SLOTS = 32;

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
        throw new StepFailedException(
            Step.CREATE_IMAGE, image + " exists; refusing to format over it");
      }
      String lock = lockOf(key, Step.FORMAT_VOLUME);
      List<String> slots =
          lock.equals(UNENCRYPTED) ? List.of(UNENCRYPTED) : List.of(slotLine(0, lock));
      try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
        file.setLength(sizeBytes);
      } catch (IOException e) {
        throw new StepFailedException(
            Step.CREATE_IMAGE, "cannot create " + image + ": " + e.getMessage(), e);
      }
      writeHeader(image, new Header(UUID.randomUUID().toString(), slots), Step.CREATE_IMAGE);
    });
  }

  /** Copies the fake header (magic, volume id, key lock) of an encrypted image; refuses an unencrypted one. */
  @Override
  public void backupHeader(Path image, Path file) {
    world.run(Operation.VOLUME_BACKUP_HEADER, List.of(image.toString(), file.toString()), () -> {
      Header header = readHeader(image, Step.BACK_UP_HEADER);
      if (header.unencrypted()) {
        throw new StepFailedException(
            Step.BACK_UP_HEADER, "Device " + image + " is not a valid LUKS device.");
      }
      try {
        Files.writeString(
            file,
            header.text(),
            StandardCharsets.US_ASCII,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw new StepFailedException(
            Step.BACK_UP_HEADER, "cannot write " + file + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void checkKey(Path image, VolumeKey key) {
    world.run(
        Operation.VOLUME_CHECK_KEY,
        List.of(image.toString()),
        () -> unlock(image, key, Step.CHECK_KEY));
  }

  @Override
  public OpenVolume open(Path image, VolumeKey key, StoreId store) {
    return world.call(Operation.VOLUME_OPEN, List.of(image.toString(), store.value()), fault -> {
      if (world.openVolumes.containsKey(store)) {
        throw new StepFailedException(
            Step.OPEN_VOLUME, "a volume of store " + store + " is open already");
      }
      Header header = unlock(image, key, Step.OPEN_VOLUME);
      refuseIfAttached(image);
      long size;
      try {
        size = Files.size(image);
      } catch (IOException e) {
        throw new StepFailedException(Step.OPEN_VOLUME, e.getMessage(), e);
      }
      Path device = world.writeDevice(deviceOf(store), header.uuid(), size);
      Opened opened = new Opened(store, device, !header.unencrypted());
      world.openVolumes.put(store, opened);
      world.attachedImages.put(device, image);
      return opened;
    });
  }

  @Override
  public void cleanUp(StoreId store) {
    world.run(Operation.VOLUME_CLEAN_UP, List.of(store.value()), () -> {
      Opened opened = (Opened) world.openVolumes.get(store);
      if (opened != null) {
        opened.release(Step.CLEAN_UP_LEFTOVERS);
      }
    });
  }

  @Override
  public long imageSize(Path image) {
    return world.call(
        Operation.VOLUME_IMAGE_SIZE,
        List.of(image.toString()),
        fault -> size(image, Step.READ_STORE));
  }

  @Override
  public void growImage(Path image, long sizeBytes) {
    world.run(
        Operation.VOLUME_GROW_IMAGE, List.of(image.toString(), Long.toString(sizeBytes)), () -> {
          long size = size(image, Step.GROW_IMAGE);
          if (sizeBytes < size) {
            throw new StepFailedException(
                Step.GROW_IMAGE,
                image + " is " + size + " bytes; refusing to shrink it to " + sizeBytes);
          }
          try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(sizeBytes);
          } catch (IOException e) {
            throw new StepFailedException(
                Step.GROW_IMAGE, "cannot extend " + image + ": " + e.getMessage(), e);
          }
        });
  }

  @Override
  public void resize(Path image, VolumeKey key, StoreId store) {
    world.run(Operation.VOLUME_RESIZE, List.of(image.toString(), store.value()), () -> {
      Opened opened = (Opened) world.openVolumes.get(store);
      if (opened == null) {
        throw new StepFailedException(
            Step.RESIZE_VOLUME, "no volume of store " + store + " is open");
      }
      Header header = unlock(image, key, Step.RESIZE_VOLUME);
      world.writeDevice(opened.device, header.uuid(), size(image, Step.RESIZE_VOLUME));
    });
  }

  @Override
  public List<KeySlot> keySlots(Path image) {
    return world.call(Operation.VOLUME_KEY_SLOTS, List.of(image.toString()), fault -> {
      Header header = readHeader(image, Step.READ_KEY_SLOTS);
      if (header.unencrypted()) {
        throw new StepFailedException(
            Step.READ_KEY_SLOTS, "Device " + image + " is not a valid LUKS device.");
      }
      return header.slots().stream().map(FakeEncryptedVolume::slot).toList();
    });
  }

  @Override
  public KeySlot slotOf(Path image, VolumeKey.KeyFile key) {
    return world.call(Operation.VOLUME_SLOT_OF, List.of(image.toString()), fault -> {
      Header header = unlock(image, key, Step.CHECK_KEY);
      String lock = lockOf(key, Step.CHECK_KEY);
      return header.slots().stream()
          .filter(line -> lockOfSlot(line).equals(lock))
          .map(FakeEncryptedVolume::slot)
          .findFirst()
          .orElseThrow();
    });
  }

  @Override
  public void addKey(Path image, VolumeKey.KeyFile current, Path newKeyFile) {
    world.run(Operation.VOLUME_ADD_KEY, List.of(image.toString(), newKeyFile.toString()), () -> {
      Header header = unlock(image, current, Step.ADD_KEY);
      List<Integer> used =
          header.slots().stream().map(line -> slot(line).number()).toList();
      int free = 0;
      while (used.contains(free)) {
        free++;
      }
      if (free >= SLOTS) {
        throw new StepFailedException(Step.ADD_KEY, "All key slots full.");
      }
      List<String> slots = new ArrayList<>(header.slots());
      slots.add(
          slotLine(free, lockOf(VolumeKey.keyFile(newKeyFile, Optional.empty()), Step.ADD_KEY)));
      writeHeader(image, new Header(header.uuid(), slots), Step.ADD_KEY);
    });
  }

  @Override
  public void removeKey(Path image, VolumeKey.KeyFile key) {
    world.run(Operation.VOLUME_REMOVE_KEY, List.of(image.toString()), () -> {
      Header header = unlock(image, key, Step.REMOVE_KEY);
      if (header.slots().size() <= 1) {
        throw new StepFailedException(
            Step.REMOVE_KEY,
            "refusing to remove the only key slot of " + image
                + ": the store would open with no key");
      }
      String lock = lockOf(key, Step.REMOVE_KEY);
      List<String> slots = new ArrayList<>(header.slots());
      slots.removeIf(line -> lockOfSlot(line).equals(lock));
      writeHeader(image, new Header(header.uuid(), slots), Step.REMOVE_KEY);
    });
  }

  /**
   * Refuses an image that a device holds already, under any store, as the real adapter does
   * before {@code cryptsetup open} or {@code losetup} (by what the file is, not its name).
   */
  private void refuseIfAttached(Path image) {
    for (Map.Entry<Path, Path> attached : world.attachedImages.entrySet()) {
      if (sameFile(attached.getValue(), image)) {
        throw new StoreLockedException(
            "the store image " + image + " is open already as " + attached.getKey()
                + ": another configuration names the same image, or it was opened by hand; unmount it first",
            OptionalLong.empty());
      }
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException gone) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  private static long size(Path image, Step step) {
    try {
      return Files.size(image);
    } catch (IOException e) {
      throw new StepFailedException(
          step, "cannot read the size of " + image + ": " + e.getMessage(), e);
    }
  }

  /** A slot line: {@code slot 3 salt 1f2e… key <hash>}. */
  private static String slotLine(int number, String lock) {
    return "slot " + number + " salt " + UUID.randomUUID().toString().replace("-", "") + " " + lock;
  }

  private static KeySlot slot(String line) {
    String[] words = line.split(" ", 5);
    return new KeySlot(Integer.parseInt(words[1]), words[3]);
  }

  private static String lockOfSlot(String line) {
    return line.split(" ", 5)[4];
  }

  private static void writeHeader(Path image, Header header, Step step) {
    byte[] text = header.text().getBytes(StandardCharsets.US_ASCII);
    if (text.length > HEADER_BYTES) {
      throw new StepFailedException(step, "the fake header of " + image + " is full");
    }
    byte[] block = new byte[HEADER_BYTES];
    System.arraycopy(text, 0, block, 0, text.length);
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.seek(0);
      file.write(block, 0, (int)
          Math.min(HEADER_BYTES, Math.max(text.length, Math.min(file.length(), HEADER_BYTES))));
      file.getFD().sync();
    } catch (IOException e) {
      throw new StepFailedException(
          step, "cannot write the header of " + image + ": " + e.getMessage(), e);
    }
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
    String lock = lockOf(key, step);
    boolean opens = header.unencrypted()
        ? lock.equals(UNENCRYPTED)
        : header.slots().stream().anyMatch(line -> lockOfSlot(line).equals(lock));
    if (!opens) {
      throw new StepFailedException(step, Reason.WRONG_KEY, "the key does not open " + image);
    }
    return header;
  }

  private static Header readHeader(Path image, Step step) {
    byte[] start = new byte[HEADER_BYTES];
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
    List<String> slots = new ArrayList<>();
    for (int i = 2; i < lines.length; i++) {
      if (lines[i].equals(UNENCRYPTED) || lines[i].startsWith("slot ")) {
        slots.add(lines[i]);
      } else if (lines[i].startsWith("key ")) {
        slots.add("slot 0 salt " + lines[i].substring(4, Math.min(lines[i].length(), 36)) + " "
            + lines[i]);
      } else {
        break;
      }
    }
    return new Header(lines[1], slots);
  }

  private static String lockOf(VolumeKey key, Step step) {
    if (key instanceof VolumeKey.KeyFile keyFile) {
      try {
        return "key " + Hashing.sha256().hashBytes(Files.readAllBytes(keyFile.path()));
      } catch (IOException e) {
        throw new StepFailedException(
            step, "cannot read the key file " + keyFile.path() + ": " + e.getMessage(), e);
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

  /** A fake header: the volume id and one line per key slot, or the single line {@code unencrypted}. */
  private record Header(String uuid, List<String> slots) {
    boolean unencrypted() {
      return slots.contains(UNENCRYPTED);
    }

    String text() {
      return MAGIC + "\n" + uuid + "\n" + String.join("\n", slots) + "\n";
    }
  }

  private final class Opened implements OpenVolume, FakeWorld.AttachedVolume {
    private final StoreId store;
    final Path device;
    private final boolean encrypted;
    private boolean closed;

    Opened(StoreId store, Path device, boolean encrypted) {
      this.store = store;
      this.device = device;
      this.encrypted = encrypted;
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
            release(Step.CLOSE_VOLUME);
          }
        });
        closed = true;
      }
    }

    /**
     * Closes the volume as the kernel lets it: a LUKS mapping whose filesystem is mounted is
     * busy and stays open ({@code cryptsetup close} exits with 5), while a loop device under a
     * mounted filesystem is detached only once that is unmounted ({@code losetup -d} succeeds
     * at once); it keeps holding its image until then.
     */
    void release(Step step) {
      boolean mounted = world.mountedFilesystems.values().stream()
          .anyMatch(m -> ((FakeSnapshotFilesystem.Mounted) m).device.equals(device));
      if (mounted && encrypted) {
        String mapping = "mnemosyne-" + store.value();
        throw new StepFailedException(
            step,
            Reason.ERROR,
            "cryptsetup close " + mapping + " exited with 5: Device " + mapping
                + " is still in use.");
      }
      world.openVolumes.remove(store);
      if (mounted) {
        world.lingeringDevices.add(device);
      } else {
        world.attachedImages.remove(device);
        deleteDevice(device, step);
      }
    }
  }
}
