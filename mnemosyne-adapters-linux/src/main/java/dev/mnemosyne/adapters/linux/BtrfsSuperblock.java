package dev.mnemosyne.adapters.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads, without writing a byte, whether a device or image holds a btrfs filesystem that can be
 * mounted: its primary superblock (4 KiB at 64 KiB) carries btrfs's magic, a valid checksum where
 * it is CRC-32C (mkfs.btrfs's default), and a size that the device really has. An empty image,
 * random bytes, another filesystem, a zeroed superblock or a truncated image fail one of these;
 * telling so beats mount's "can't read superblock".
 */
final class BtrfsSuperblock {
  static final long OFFSET = 64 * 1024;
  static final int SIZE = 4096;
  private static final byte[] MAGIC = "_BHRfS_M".getBytes(StandardCharsets.US_ASCII);
  private static final int MAGIC_AT = 0x40;
  private static final int TOTAL_BYTES_AT = 0x70;
  private static final int CSUM_TYPE_AT = 0xc4;
  private static final int CSUM_SIZE = 32;
  private static final int CSUM_CRC32C = 0;

  private BtrfsSuperblock() {}

  /**
   * Why {@code device} (a block device or an image file) holds no mountable btrfs, as words that
   * follow its name ("holds no btrfs filesystem …"), or empty if it seems to hold one.
   */
  static Optional<String> problem(Path device) throws IOException {
    try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
      ByteBuffer block = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
      while (block.hasRemaining() && channel.read(block, OFFSET + block.position()) >= 0) {
        // a block device or file may return fewer bytes per read
      }
      if (block.hasRemaining()) {
        return Optional.of(
            "is too small to hold a btrfs filesystem (it ends before the superblock at 64 KiB)");
      }
      byte[] magic = new byte[MAGIC.length];
      block.get(MAGIC_AT, magic);
      if (!Arrays.equals(magic, MAGIC)) {
        return Optional.of(
            "holds no btrfs filesystem (no btrfs superblock at 64 KiB: empty, another filesystem,"
                + " or damaged)");
      }
      if (Short.toUnsignedInt(block.getShort(CSUM_TYPE_AT)) == CSUM_CRC32C) {
        CRC32C crc = new CRC32C();
        crc.update(block.array(), CSUM_SIZE, SIZE - CSUM_SIZE);
        if ((int) crc.getValue() != block.getInt(0)) {
          return Optional.of("has a damaged btrfs superblock (wrong checksum)");
        }
      }
      long totalBytes = block.getLong(TOTAL_BYTES_AT);
      if (totalBytes > OFFSET + SIZE && channel.read(ByteBuffer.allocate(1), totalBytes - 1) < 0) {
        return Optional.of("is truncated: its btrfs filesystem is " + totalBytes
            + " bytes long, but it is shorter");
      }
      return Optional.empty();
    }
  }
}
