package dev.mnemosyne.testkit;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The state the fakes of one environment share: what is mounted, open and locked, the fake
 * filesystems, and the journal and faults every call goes through. Guarded by its own monitor.
 */
final class FakeWorld {
  static final String DEVICE_MAGIC = "mnemosyne-fake-block-device";

  final Path root;
  final Journal journal = new Journal();
  final Faults faults = new Faults();
  final TestClock clock;
  final Map<StoreId, Object> remoteMounts = new LinkedHashMap<>();
  final Map<StoreId, Object> openVolumes = new LinkedHashMap<>();
  final Map<String, FakeFilesystemState> filesystems = new HashMap<>();
  final Map<StoreId, Object> mountedFilesystems = new LinkedHashMap<>();
  final Set<StoreId> locks = new HashSet<>();
  /** Store images locked by their file key, with the store that holds each. */
  final Map<Object, StoreId> imageLocks = new HashMap<>();
  /** Every fake device attached to an image (an open volume, or one closed while a filesystem on it was mounted). */
  final Map<Path, Path> attachedImages = new LinkedHashMap<>();
  /**
   * Devices of unencrypted volumes closed while a filesystem on them was mounted: as {@code
   * losetup -d} on a busy loop device, the close succeeded and the kernel detaches the device
   * (and lets go of its image) only when the filesystem is unmounted.
   */
  final Set<Path> lingeringDevices = new LinkedHashSet<>();
  /** Files the test holds open ({@link FakeEnvironment#holdOpen}), once per hold. */
  final List<Path> openFiles = new ArrayList<>();

  long remoteCapacityBytes = 1L << 40;
  Optional<Long> storeCapacityBytes = Optional.empty();

  FakeWorld(Path root, TestClock clock) {
    this.root = root;
    this.clock = clock;
  }

  /**
   * Runs one port call: journals it, applies the fault aimed at it (before or after its
   * effect), and journals failures of the body as well. The body gets the fault for
   * part-way effects; it runs under the world's monitor.
   */
  synchronized <T> T call(
      Operation operation, List<String> arguments, Function<Optional<Fault>, T> body) {
    int sequence = journal.size() + 1;
    Optional<Fault> fault = faults.next(operation);
    if (fault.isPresent()
        && (fault.get().timing() == Fault.Timing.BEFORE
            || fault.get().timing() != Fault.Timing.AFTER
                && operation != Operation.TRANSFER_MIRROR)) {
      StepFailedException failure = fault.get().exception(operation, sequence);
      journal.record(operation, arguments, Optional.of(failure.getMessage()));
      throw failure;
    }
    T result;
    try {
      result = body.apply(fault);
    } catch (StepFailedException | StoreLockedException e) {
      journal.record(operation, arguments, Optional.of(e.getMessage()));
      throw e;
    } catch (RuntimeException e) {
      journal.record(operation, arguments, Optional.of(String.valueOf(e)));
      throw e;
    }
    if (fault.isPresent() && fault.get().timing() == Fault.Timing.AFTER) {
      StepFailedException failure = fault.get().exception(operation, sequence);
      journal.record(operation, arguments, Optional.of(failure.getMessage()));
      throw failure;
    }
    journal.record(operation, arguments, Optional.empty());
    return result;
  }

  /** Runs a call that returns nothing. */
  void run(Operation operation, List<String> arguments, Runnable body) {
    call(operation, arguments, fault -> {
      body.run();
      return null;
    });
  }

  // ---- fake block devices ----

  /** Makes a fake block device file that stands for a device of {@code sizeBytes} holding volume {@code uuid}. */
  Path writeDevice(Path device, String uuid, long sizeBytes) {
    try {
      Files.createDirectories(device.getParent());
      Files.writeString(
          device, DEVICE_MAGIC + "\n" + uuid + "\n" + sizeBytes + "\n", StandardCharsets.US_ASCII);
      return device;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh fake device of {@code sizeBytes}, as a new disk or loop device would be. */
  synchronized Path newDevice(long sizeBytes) {
    String uuid = UUID.randomUUID().toString();
    return writeDevice(
        root.resolve("dev").resolve("disk-" + uuid.substring(0, 8)), uuid, sizeBytes);
  }

  /** The volume a fake device stands for, or a failure of {@code step} when it is no fake device. */
  FakeDevice readDevice(Path device, Step step) {
    try {
      List<String> lines = Files.readAllLines(device, StandardCharsets.US_ASCII);
      if (lines.size() >= 3 && lines.get(0).equals(DEVICE_MAGIC)) {
        return new FakeDevice(lines.get(1), Long.parseLong(lines.get(2)));
      }
    } catch (IOException | RuntimeException unreadable) {
      // reported below
    }
    throw new StepFailedException(step, device + " is not a block device");
  }

  // ---- what keeps a mount busy ----

  /**
   * The files under {@code directory} that keep it busy, as the kernel sees them: images
   * attached to a device (those of {@code onlyOf}'s volumes when given, since another store
   * reaches its image through its own mount) and files the test holds open.
   */
  List<Path> busyFilesUnder(Path directory, Optional<StoreId> onlyOf) {
    Path under = directory.toAbsolutePath().normalize();
    List<Path> busy = new ArrayList<>();
    attachedImages.forEach((device, image) -> {
      if (image.toAbsolutePath().normalize().startsWith(under)
          && onlyOf.map(store -> !deviceBelongsToAnotherStore(device, store)).orElse(true)) {
        busy.add(image);
      }
    });
    openFiles.stream()
        .filter(file -> file.toAbsolutePath().normalize().startsWith(under))
        .forEach(busy::add);
    return busy;
  }

  private boolean deviceBelongsToAnotherStore(Path device, StoreId store) {
    return openVolumes.entrySet().stream()
        .anyMatch(e ->
            !e.getKey().equals(store) && device.equals(((AttachedVolume) e.getValue()).device()));
  }

  /** Refuses to unmount {@code mountPoint} while {@code busy} is not empty, as {@code umount} does ("target is busy"). */
  static void refuseBusyUnmount(Step step, Path mountPoint, List<Path> busy) {
    if (!busy.isEmpty()) {
      throw new StepFailedException(
          step,
          StepFailedException.Reason.ERROR,
          "umount " + mountPoint + " exited with 32: umount: " + mountPoint + ": target is busy.");
    }
  }

  /** Lets go of a device that was detached while in use, now that nothing is mounted from it. */
  void releaseLingering(Path device) {
    if (lingeringDevices.remove(device)) {
      attachedImages.remove(device);
      try {
        Files.deleteIfExists(device);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** An open volume as the other fakes see it: the device it gives. */
  interface AttachedVolume {
    Path device();
  }

  Path volumeDirectory(String uuid) {
    return root.resolve("volumes").resolve(uuid);
  }

  /** What a fake device file says. */
  record FakeDevice(String uuid, long sizeBytes) {}
}
