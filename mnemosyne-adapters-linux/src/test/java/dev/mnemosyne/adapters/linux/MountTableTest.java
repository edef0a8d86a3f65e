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
    Files.writeString(
        info,
        "22 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n"
            + "97 22 0:52 / /run/my\\040store/remote rw - cifs //nas/x rw\n");
    MountTable table = new MountTable(info);

    assertThat(table.mountPoints()).containsExactly("/", "/run/my store/remote");
    assertThat(table.isMountPoint(Path.of("/run/my store/remote"))).isTrue();
    assertThat(table.isMountPoint(Path.of("/run/my store"))).isFalse();
  }

  @Test
  void findsWhereADeviceIsMountedByItsKernelNameWhateverOptionalFieldsPrecedeTheSource(
      @TempDir Path temp) throws IOException {
    Path info = temp.resolve("mountinfo");
    Files.writeString(
        info,
        "22 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n"
            + "98 22 0:53 / /run/mnemosyne/a/store rw,noatime shared:7 master:2 - btrfs /dev/mnemosyne-test-loop77 rw\n"
            + "99 22 0:54 / /srv/other rw - btrfs /dev/mnemosyne-test-loop78 rw\n");
    MountTable table = new MountTable(info);

    assertThat(table.mountPointsOf(java.util.List.of("mnemosyne-test-loop77")))
        .containsExactly("/run/mnemosyne/a/store");
    assertThat(table.mountPointsOf(java.util.List.of("sdb"))).isEmpty();
  }

  @Test
  void findsAMappingMountedByItsMapperNameWhenItsNodeIsNoLink(@TempDir Path temp)
      throws IOException {
    Path info = temp.resolve("mountinfo");
    Files.writeString(
        info, "98 22 0:53 / /run/mnemosyne/a/store rw - btrfs /dev/mapper/mnemosyne-test-a rw\n");
    Path sysBlock =
        Files.createDirectories(temp.resolve("sys/block/dm-3/dm")).getParent().getParent();
    Files.writeString(sysBlock.resolve("dm-3/dm/name"), "mnemosyne-test-a\n");
    MountTable table = new MountTable(info);

    assertThat(
            table.mountPointsOf(MountTable.withMappingNames(java.util.List.of("dm-3"), sysBlock)))
        .containsExactly("/run/mnemosyne/a/store");
    assertThat(table.mountPointsOf(java.util.List.of("dm-3")))
        .as("by the kernel name alone")
        .isEmpty();
  }

  @Test
  void readsThisProcesssRealMountTable() {
    assertThat(new MountTable(MountTable.MOUNTINFO).isMountPoint(Path.of("/"))).isTrue();
  }
}
