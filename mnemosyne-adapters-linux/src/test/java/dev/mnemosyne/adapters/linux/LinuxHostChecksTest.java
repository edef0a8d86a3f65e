package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.port.HostChecks.HostCheck;
import dev.mnemosyne.core.port.HostChecks.Needs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host checks against host layouts of their own. */
class LinuxHostChecksTest {
  @TempDir
  Path host;

  private Path bin;

  @BeforeEach
  void setUp() throws IOException {
    bin = Files.createDirectories(host.resolve("usr/sbin"));
    write("proc/self/status", "Name:\tjava\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
    write("proc/sys/kernel/osrelease", "6.1.0-test\n");
  }

  private void write(String path, String content) throws IOException {
    Path file = host.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private void install(String... tools) throws IOException {
    for (String tool : tools) {
      Files.createFile(
          bin.resolve(tool),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
  }

  private Map<String, HostCheck> verify(Remote.Kind remote, Encryption encryption) {
    List<HostCheck> checks = new LinuxHostChecks(host, new Executables(List.of(bin)))
        .verify(new Needs(remote, encryption, Optional.empty()));
    return checks.stream().collect(Collectors.toMap(HostCheck::name, Function.identity()));
  }

  @Test
  void aCompleteHostPassesEveryCheck() throws IOException {
    install("mount", "umount", "mount.cifs", "cryptsetup", "mkfs.btrfs", "btrfs", "rsync");
    write("proc/filesystems", "nodev\tsysfs\n\text4\n\tbtrfs\nnodev\tcifs\n");
    write("proc/misc", "236 device-mapper\n237 loop-control\n");

    Map<String, HostCheck> checks = verify(Remote.Kind.CIFS, Encryption.LUKS);

    assertThat(checks.values())
        .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
    assertThat(checks)
        .containsKeys(
            "root privileges",
            "program mount",
            "program umount",
            "program mount.cifs",
            "program cryptsetup",
            "program mkfs.btrfs",
            "program btrfs",
            "program rsync",
            "kernel support for btrfs",
            "kernel support for cifs",
            "kernel support for dm-crypt");
    assertThat(checks.get("program rsync").detail())
        .isEqualTo(bin.resolve("rsync").toString());
  }

  @Test
  void namesThePackageOfEachMissingProgram() throws IOException {
    install("mount", "umount");

    Map<String, HostCheck> checks = verify(Remote.Kind.CIFS, Encryption.LUKS);

    assertThat(checks.get("program mount").passed()).isTrue();
    assertThat(checks.get("program mount.cifs").fix())
        .hasValueSatisfying(f -> assertThat(f).contains("cifs-utils"));
    assertThat(checks.get("program cryptsetup").fix())
        .hasValueSatisfying(f -> assertThat(f).contains("cryptsetup-bin"));
    assertThat(checks.get("program mkfs.btrfs").fix())
        .hasValueSatisfying(f -> assertThat(f).contains("btrfs-progs"));
    assertThat(checks.get("program rsync").fix())
        .hasValueSatisfying(f -> assertThat(f).contains("apt-get install rsync"));
  }

  @Test
  void asksOnlyForWhatTheStoreNeeds() {
    Map<String, HostCheck> checks = verify(Remote.Kind.BLOCK, Encryption.NONE);

    assertThat(checks)
        .containsKeys("program losetup", "kernel support for loop devices")
        .doesNotContainKeys(
            "program mount.cifs",
            "program cryptsetup",
            "kernel support for cifs",
            "kernel support for dm-crypt");
  }

  @Test
  void failsForAUserOtherThanRoot() throws IOException {
    write("proc/self/status", "Uid:\t1000\t1000\t1000\t1000\n");

    HostCheck root = verify(Remote.Kind.LOCAL, Encryption.LUKS).get("root privileges");

    assertThat(root.passed()).isFalse();
    assertThat(root.detail()).contains("1000");
  }

  @Test
  void passesForTheEffectiveRootUser() {
    assertThat(verify(Remote.Kind.LOCAL, Encryption.LUKS).get("root privileges").passed())
        .isTrue();
  }

  @Test
  void findsKernelSupportInLoadedOrAvailableModules() throws IOException {
    Files.createDirectories(host.resolve("sys/module/cifs"));
    write(
        "lib/modules/6.1.0-test/modules.dep",
        "kernel/fs/btrfs/btrfs.ko.xz: kernel/lib/raid6/raid6_pq.ko.xz\n"
            + "kernel/drivers/md/dm-mod.ko.xz:\n");

    Map<String, HostCheck> checks = verify(Remote.Kind.CIFS, Encryption.LUKS);

    assertThat(checks.get("kernel support for btrfs").passed()).isTrue();
    assertThat(checks.get("kernel support for cifs").passed()).isTrue();
    assertThat(checks.get("kernel support for dm-crypt").passed()).isTrue();
  }

  @Test
  void aDeviceMapperControlNodeWithoutTheDriverIsNoSupport() throws IOException {
    Files.createDirectories(host.resolve("dev/mapper"));
    Files.createFile(host.resolve("dev/mapper/control"));
    write("proc/misc", "237 loop-control\n");

    assertThat(verify(Remote.Kind.LOCAL, Encryption.LUKS)
            .get("kernel support for dm-crypt")
            .passed())
        .isFalse();
  }

  @Test
  void failsWithoutKernelSupport() {
    Map<String, HostCheck> checks = verify(Remote.Kind.CIFS, Encryption.LUKS);

    assertThat(checks.get("kernel support for btrfs").passed()).isFalse();
    assertThat(checks.get("kernel support for cifs").passed()).isFalse();
    assertThat(checks.get("kernel support for dm-crypt").passed()).isFalse();
    assertThat(checks.get("kernel support for dm-crypt").fix()).isPresent();
  }

  @Test
  void onThisHostBtrfsAndLoopDevicesAreThere() {
    List<HostCheck> checks = new LinuxHostChecks(Path.of("/"), Executables.fromPath())
        .verify(new Needs(Remote.Kind.LOCAL, Encryption.NONE, Optional.empty()));

    assertThat(checks)
        .filteredOn(c -> c.name().equals("kernel support for btrfs")
            || c.name().equals("kernel support for loop devices")
            || c.name().equals("program rsync"))
        .hasSize(3)
        .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
  }
}
