package dev.mnemosyne.adapters.linux;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The images this process created and the devices it opened from them: the only devices on
 * which a new filesystem may be forced ({@code mkfs.btrfs -f}) over whatever signature it finds.
 */
final class FreshDevices {
  private final Set<Path> images = ConcurrentHashMap.newKeySet();
  private final Set<Path> devices = ConcurrentHashMap.newKeySet();

  void imageCreated(Path image) {
    images.add(image.toAbsolutePath().normalize());
  }

  /** Called when {@code device} was opened from {@code image}; the device is fresh if the image is. */
  void opened(Path image, Path device) {
    if (images.contains(image.toAbsolutePath().normalize())) {
      devices.add(device);
    }
  }

  void closed(Path device) {
    devices.remove(device);
  }

  /** Marks a device as one that was just created (e.g. by a test) and may be formatted over. */
  void created(Path device) {
    devices.add(device);
  }

  boolean isFresh(Path device) {
    return devices.contains(device);
  }
}
