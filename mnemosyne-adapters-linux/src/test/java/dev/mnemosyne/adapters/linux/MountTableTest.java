package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTableTest {
  @Test
  void readsMountPointsWithTheKernelsOctalEscapes(@TempDir Path temp) throws IOException {
    Path info = temp.resolve("mountinfo");
    Files.writeString(info, "22 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n"
        + "97 22 0:52 / /run/my\\040store/remote rw - cifs //nas/x rw\n");
    MountTable table = new MountTable(info);

    assertThat(table.mountPoints()).containsExactly("/", "/run/my store/remote");
    assertThat(table.isMountPoint(Path.of("/run/my store/remote"))).isTrue();
    assertThat(table.isMountPoint(Path.of("/run/my store"))).isFalse();
  }

  @Test
  void readsThisProcesssRealMountTable() {
    assertThat(new MountTable(MountTable.MOUNTINFO).isMountPoint(Path.of("/"))).isTrue();
  }
}
