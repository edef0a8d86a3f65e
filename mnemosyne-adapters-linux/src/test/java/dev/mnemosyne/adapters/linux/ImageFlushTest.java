package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFlushTest {
  @TempDir
  Path temp;

  @Test
  void anImageIsFsyncedAsItIs() throws IOException {
    Path image = temp.resolve("store.btrfs");
    Files.write(image, new byte[] {1, 2, 3});

    ImageFlush.FSYNC.flush(image);

    assertThat(image).hasBinaryContent(new byte[] {1, 2, 3});
  }

  @Test
  void anImageThatIsGoneHasNothingToFlushAndIsNotMade() throws IOException {
    Path image = temp.resolve("gone.btrfs");

    ImageFlush.FSYNC.flush(image);

    assertThat(image).doesNotExist();
  }
}
