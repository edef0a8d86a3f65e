package dev.mnemosyne.core.port;

import dev.mnemosyne.core.model.StoreId;
import java.nio.file.Path;

/** Port: the store image as a block device, encrypted with LUKS (or plain, for unencrypted stores). */
public interface EncryptedVolume {

  /**
   * Creates {@code image} as a sparse file of {@code sizeBytes} and formats it with {@code key}.
   * Refuses an image that exists.
   *
   * @throws StepFailedException with {@link Step#CREATE_IMAGE} or {@link Step#FORMAT_VOLUME}
   */
  void format(Path image, long sizeBytes, VolumeKey key);

  /**
   * Checks that {@code key} opens {@code image} without opening it.
   *
   * @throws StepFailedException with {@link Step#CHECK_KEY}; reason {@code WRONG_KEY} when it does not
   */
  void checkKey(Path image, VolumeKey key);

  /**
   * Writes a copy of the LUKS header of the encrypted {@code image} to {@code file}, which must
   * not exist: the part of the image that holds the key slots, from which a damaged header can
   * be restored ({@code cryptsetup luksHeaderRestore}). Needs no key and opens nothing.
   *
   * @throws StepFailedException with {@link Step#BACK_UP_HEADER}, also when the image is not encrypted
   */
  void backupHeader(Path image, Path file);

  /**
   * Opens {@code image} with {@code key} as a block device named after {@code store}.
   *
   * @throws StepFailedException with {@link Step#OPEN_VOLUME}; reason {@code WRONG_KEY} when the key does not open it
   */
  OpenVolume open(Path image, VolumeKey key, StoreId store);

  /**
   * Closes what an earlier, crashed run of {@code store} left open; a no-op when nothing is.
   *
   * @throws StepFailedException with {@link Step#CLEAN_UP_LEFTOVERS}
   */
  void cleanUp(StoreId store);

  /** An open volume; closing it closes the mapping ({@link Step#CLOSE_VOLUME}). */
  interface OpenVolume extends Handle {
    /** The block device that holds the decrypted filesystem, e.g. {@code /dev/mapper/mnemosyne-…}. */
    Path device();
  }
}
