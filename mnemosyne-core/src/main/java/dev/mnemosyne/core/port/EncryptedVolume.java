package dev.mnemosyne.core.port;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import java.nio.file.Path;
import java.util.List;

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

  /**
   * The size of the store image in bytes, as its file says (a sparse image takes less room).
   *
   * @throws StepFailedException with {@link Step#READ_STORE}
   */
  long imageSize(Path image);

  /**
   * Extends {@code image} to {@code sizeBytes}, sparse (the new room takes no space until it is
   * written); a no-op when it has that size already. The volume may be open: {@link #resize}
   * then tells the open volume.
   *
   * @throws StepFailedException with {@link Step#GROW_IMAGE}, also when the image is larger (never shrinks)
   */
  void growImage(Path image, long sizeBytes);

  /**
   * Makes the open volume of {@code store} as large as its image is now: the loop device
   * re-reads the image's size and the LUKS mapping takes all of it. A no-op when it does.
   *
   * @throws StepFailedException with {@link Step#RESIZE_VOLUME}; also when no volume of {@code store} is open
   */
  void resize(Path image, VolumeKey key, StoreId store);

  /**
   * The LUKS key slots in use in {@code image}'s header, read without a key.
   *
   * @throws StepFailedException with {@link Step#READ_KEY_SLOTS}, also when the image is not encrypted
   */
  List<KeySlot> keySlots(Path image);

  /**
   * The key slot that {@code key} opens, checking it as {@link #checkKey} does.
   *
   * @throws StepFailedException with {@link Step#CHECK_KEY}; reason {@code WRONG_KEY} when it opens none
   */
  KeySlot slotOf(Path image, VolumeKey.KeyFile key);

  /**
   * Adds the key in {@code newKeyFile} to a free key slot of {@code image}, authorised by
   * {@code current}. Both keys then open the store.
   *
   * @throws StepFailedException with {@link Step#ADD_KEY}; reason {@code WRONG_KEY} when {@code current} does not open it
   */
  void addKey(Path image, VolumeKey.KeyFile current, Path newKeyFile);

  /**
   * Removes the key slot that {@code key} opens. Refuses to remove the only key slot: the
   * store would open with no key at all.
   *
   * @throws StepFailedException with {@link Step#REMOVE_KEY}; reason {@code WRONG_KEY} when {@code key} opens no slot
   */
  void removeKey(Path image, VolumeKey.KeyFile key);

  /**
   * One LUKS key slot: its number and the salt of its key derivation, which changes whenever
   * the slot is given another key, so that a recorded slot tells whether the key it held is
   * still there without that key.
   */
  record KeySlot(int number, String salt) {
    public KeySlot {
      com.google.common.base.Preconditions.checkArgument(
          number >= 0, "key slot %s must not be negative", number);
      java.util.Objects.requireNonNull(salt, "salt");
    }
  }

  /** An open volume; closing it closes the mapping ({@link Step#CLOSE_VOLUME}). */
  interface OpenVolume extends Handle {
    /** The block device that holds the decrypted filesystem, e.g. {@code /dev/mapper/mnemosyne-…}. */
    Path device();
  }
}
