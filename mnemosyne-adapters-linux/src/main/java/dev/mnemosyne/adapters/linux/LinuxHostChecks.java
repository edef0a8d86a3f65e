package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.port.HostChecks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the host without changing it: root privileges (from {@code /proc/self/status}), the
 * programs on PATH, and kernel support for btrfs, CIFS, device-mapper and loop devices (loaded,
 * built in, or available as a module). All paths are read below a root directory, so tests can
 * lay out a host of their own.
 */
final class LinuxHostChecks implements HostChecks {
  private final Path root;
  private final Executables executables;

  LinuxHostChecks(Path root, Executables executables) {
    this.root = requireNonNull(root, "root");
    this.executables = requireNonNull(executables, "executables");
  }

  @Override
  public List<HostCheck> verify(Needs needs) {
    requireNonNull(needs, "needs");
    List<HostCheck> checks = new ArrayList<>();
    checks.add(rootCheck());
    toolsFor(needs).forEach(tool -> checks.add(toolCheck(tool)));
    checks.add(kernelCheck(
        "btrfs", "btrfs filesystem", Optional.of("btrfs"), "fs/btrfs/btrfs.ko", Optional.empty()));
    if (needs.remote() == Remote.Kind.CIFS) {
      checks.add(kernelCheck(
          "cifs",
          "CIFS/SMB filesystem",
          Optional.of("cifs"),
          "fs/smb/client/cifs.ko",
          Optional.of("fs/cifs/cifs.ko")));
    }
    if (needs.encryption() == Encryption.LUKS) {
      checks.add(deviceMapperCheck());
    } else {
      checks.add(loopCheck());
    }
    return List.copyOf(checks);
  }

  static Set<String> toolsFor(Needs needs) {
    Set<String> tools = new LinkedHashSet<>(List.of("mount", "umount"));
    if (needs.remote() == Remote.Kind.CIFS) {
      tools.add("mount.cifs");
    }
    tools.add(needs.encryption() == Encryption.LUKS ? "cryptsetup" : "losetup");
    tools.addAll(List.of("mkfs.btrfs", "btrfs", "rsync"));
    return tools;
  }

  private HostCheck rootCheck() {
    String name = "root privileges";
    Optional<Long> uid = effectiveUid();
    if (uid.isEmpty()) {
      return HostCheck.fail(name, "cannot tell the user id from /proc/self/status", "run as root");
    }
    return uid.get() == 0
        ? HostCheck.pass(name, "running as root")
        : HostCheck.fail(
            name,
            "running as uid " + uid.get() + "; mounting and cryptsetup need root",
            "run as root (e.g. with sudo)");
  }

  private Optional<Long> effectiveUid() {
    try {
      for (String line :
          Files.readAllLines(root.resolve("proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("Uid:")) {
          String[] fields = line.substring(4).trim().split("\\s+");
          return fields.length >= 2 ? Optional.of(Long.parseLong(fields[1])) : Optional.empty();
        }
      }
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private HostCheck toolCheck(String tool) {
    String name = "program " + tool;
    return executables
        .find(tool)
        .map(path -> HostCheck.pass(name, path.toString()))
        .orElseGet(() -> HostCheck.fail(name, tool + " is not installed", Executables.fix(tool)));
  }

  private HostCheck kernelCheck(
      String module,
      String what,
      Optional<String> filesystem,
      String modulePath,
      Optional<String> oldModulePath) {
    String name = "kernel support for " + module;
    if (filesystem.isPresent()
        && lines("proc/filesystems").stream()
            .map(l -> l.trim().split("\\s+"))
            .anyMatch(words -> words[words.length - 1].equals(filesystem.get()))) {
      return HostCheck.pass(name, what + " is supported by the running kernel");
    }
    if (Files.isDirectory(root.resolve("sys/module").resolve(module))) {
      return HostCheck.pass(name, "the " + module + " module is loaded");
    }
    if (moduleAvailable(modulePath) || oldModulePath.map(this::moduleAvailable).orElse(false)) {
      return HostCheck.pass(name, "the " + module + " module is available and loads on first use");
    }
    return HostCheck.fail(
        name,
        "the running kernel has no " + what + " support",
        "install a kernel with " + module + " support (on Debian: linux-image-amd64)");
  }

  private HostCheck deviceMapperCheck() {
    String name = "kernel support for dm-crypt";
    if (deviceMapperLoaded(root)) {
      return HostCheck.pass(name, "device-mapper is loaded");
    }
    if (moduleAvailable("drivers/md/dm-mod.ko")) {
      return HostCheck.pass(name, "the dm_mod module is available and loads on first use");
    }
    // /dev/mapper/control alone proves nothing: libdevmapper creates the node even where the kernel
    // lacks the driver.
    return HostCheck.fail(
        name,
        "the running kernel has no device-mapper (no device-mapper in /proc/misc)",
        "install a kernel with dm-crypt support (on Debian: linux-image-amd64), or run modprobe dm_crypt");
  }

  /** Whether the kernel's device-mapper driver is there: registered in {@code /proc/misc}, or its module loaded. */
  static boolean deviceMapperLoaded(Path root) {
    return lines(root.resolve("proc/misc")).stream()
            .anyMatch(l -> l.trim().endsWith(" device-mapper"))
        || Files.isDirectory(root.resolve("sys/module/dm_mod"));
  }

  private HostCheck loopCheck() {
    String name = "kernel support for loop devices";
    if (Files.exists(root.resolve("dev/loop-control"))
        || Files.isDirectory(root.resolve("sys/module/loop"))) {
      return HostCheck.pass(name, "loop devices are available");
    }
    return HostCheck.fail(
        name,
        "no loop device support (/dev/loop-control is missing)",
        "run modprobe loop, or install a kernel with loop device support");
  }

  /** Whether modules.dep or modules.builtin of the running kernel lists {@code path} (with any compression suffix). */
  private boolean moduleAvailable(String path) {
    Optional<String> release =
        lines("proc/sys/kernel/osrelease").stream().findFirst().map(String::trim);
    if (release.isEmpty()) {
      return false;
    }
    Path modules = root.resolve("lib/modules").resolve(release.get());
    String wanted = "kernel/" + path;
    return lines(modules.resolve("modules.builtin")).stream()
            .anyMatch(l -> l.trim().equals(wanted))
        || lines(modules.resolve("modules.dep")).stream().anyMatch(l -> l.startsWith(wanted));
  }

  private List<String> lines(String relative) {
    return lines(root.resolve(relative));
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }
}
