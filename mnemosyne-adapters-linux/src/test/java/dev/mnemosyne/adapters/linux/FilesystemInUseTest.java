package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The btrfs UUID that identifies a store's filesystem, read from its superblock. */
class FilesystemInUseTest {
  private static final String UUID = "830b515f-fc99-42a4-b7fa-6a769c4c2c77";

  @Test
  void readsTheUuidFromTheSuperblockOfADevice(@TempDir Path temp) throws IOException {
    Path device = temp.resolve("device");
    ByteBuffer image = ByteBuffer.allocate((int) FilesystemInUse.SUPERBLOCK_OFFSET + 4096);
    image
        .position((int) FilesystemInUse.SUPERBLOCK_OFFSET + FilesystemInUse.FSID_OFFSET)
        .put(HexFormat.of().parseHex(UUID.replace("-", "")));
    image
        .position((int) FilesystemInUse.SUPERBLOCK_OFFSET + FilesystemInUse.MAGIC_OFFSET)
        .put("_BHRfS_M".getBytes(StandardCharsets.US_ASCII));
    Files.write(device, image.array());

    assertThat(FilesystemInUse.uuid(device)).contains(UUID);
  }

  @Test
  void aDeviceWithoutBtrfsHasNoUuid(@TempDir Path temp) throws IOException {
    Path empty = Files.write(temp.resolve("empty"), new byte[128 * 1024]);
    Path tooShort = Files.write(temp.resolve("short"), new byte[100]);

    assertThat(FilesystemInUse.uuid(empty)).isEmpty();
    assertThat(FilesystemInUse.uuid(tooShort)).isEmpty();
    assertThat(FilesystemInUse.uuid(temp.resolve("missing"))).isEmpty();
  }
}
