package dev.mnemosyne.testkit;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * Something of the host that a test may need: root privileges, loop devices, btrfs,
 * dm-crypt, CIFS, and the programs that drive them. Detection reads {@code /proc} and {@code
 * /dev} and looks for programs where the adapters do (PATH, then {@code /usr/sbin}, {@code /sbin}
 * …); it runs nothing that changes the host, and is done once per JVM. A missing program is
 * reported with the Debian package that provides it: {@code mkfs.btrfs not found (install btrfs-progs)}.
 *
 * <p>The system property {@value #TOOL_PATH_PROPERTY} (directories separated by {@code :})
 * replaces that search path, to see how the tests behave on a host that lacks a package.
 *
 * <p>The system property {@value #REQUIRED_PROPERTY} lists (comma-separated, by {@link
 * #displayName()} or constant name) the capabilities a machine is known to have; a test that
 * needs one of them fails instead of being skipped when it is missing.
 */
public enum Capability {
  /** The tests run as root (effective uid 0). */
  ROOT("root"),
  /** Loop devices can be set up: {@code /dev/loop-control} exists and {@code losetup} is installed. */
  LOOP("loop", Tool.of("losetup", "mount")),
  /** The kernel has btrfs, built in or as a loadable module, and btrfs-progs is installed. */
  BTRFS("btrfs", Tool.of("mkfs.btrfs", "btrfs-progs"), Tool.of("btrfs", "btrfs-progs")),
  /** Device-mapper is available for dm-crypt: {@code /dev/mapper/control} exists and the kernel registered it. */
  DM_CRYPT("dm-crypt", Tool.of("cryptsetup", "cryptsetup-bin")),
  /** The kernel can mount CIFS shares: {@code cifs} is in {@code /proc/filesystems}. */
  CIFS("cifs", Tool.of("mount.cifs", "cifs-utils")),
  /** {@code rsync} is installed. */
  RSYNC("rsync", Tool.of("rsync", "rsync")),
  /** {@code cryptsetup} is installed: LUKS headers can be written and checked in plain files. */
  CRYPTSETUP("cryptsetup", Tool.of("cryptsetup", "cryptsetup-bin")),
  /** {@code mkfs.ext4} is installed. */
  EXT4("ext4", Tool.of("mkfs.ext4", "e2fsprogs")),
  /** ACLs and extended attributes can be set and read: {@code setfacl}, {@code getfacl}, {@code setfattr} … */
  ACL_TOOLS(
      "acl-tools",
      Tool.of("setfacl", "acl"),
      Tool.of("getfacl", "acl"),
      Tool.of("setfattr", "attr"),
      Tool.of("getfattr", "attr")),
  /** Debian packages can be built and checked: {@code dpkg-deb} and {@code lintian}. */
  DEB_TOOLS("deb-tools", Tool.of("dpkg-deb", "dpkg"), Tool.of("lintian", "lintian")),
  /** systemd units can be checked: {@code systemd-analyze}. */
  SYSTEMD_ANALYZE("systemd-analyze", Tool.of("systemd-analyze", "systemd")),
  /** Prometheus's {@code promtool} is installed, to check metrics files. */
  PROMTOOL("promtool", Tool.of("promtool", "prometheus"));

  /** The system property naming the capabilities whose absence fails tests rather than skipping them. */
  public static final String REQUIRED_PROPERTY = "mnemosyne.require.capabilities";

  /** The system property that replaces the directories searched for programs (separated by {@code :}). */
  public static final String TOOL_PATH_PROPERTY = "mnemosyne.capabilities.tool-path";

  /** Where the adapters look for programs after PATH; detection looks there too. */
  private static final List<String> SYSTEM_DIRECTORIES =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  private static final ConcurrentMap<Capability, Optional<String>> MISSING =
      new ConcurrentHashMap<>();

  private final String displayName;
  private final List<Tool> tools;

  Capability(String displayName, Tool... tools) {
    this.displayName = displayName;
    this.tools = List.of(tools);
  }

  /** A program a capability needs, and the Debian package that installs it. */
  private record Tool(String program, String debianPackage) {
    static Tool of(String program, String debianPackage) {
      return new Tool(program, debianPackage);
    }
  }

  /** The capability's name as {@value #REQUIRED_PROPERTY} and skip messages spell it, e.g. {@code dm-crypt}. */
  public String displayName() {
    return displayName;
  }

  /** Whether this host has the capability. */
  public boolean isPresent() {
    return whyMissing().isEmpty();
  }

  /** Why the host lacks the capability, or empty when it has it. */
  public Optional<String> whyMissing() {
    return MISSING.computeIfAbsent(this, Capability::detect);
  }

  /**
   * For use inside a test: aborts it (a skip) when the capability is missing, or fails it when
   * {@value #REQUIRED_PROPERTY} says the host must have it. Needs JUnit 5 on the class path.
   */
  public void assumePresent() {
    CapabilityCondition.evaluate(EnumSet.of(this))
        .getReason()
        .filter(reason -> !isPresent())
        .ifPresent(reason -> org.junit.jupiter.api.Assumptions.abort(reason));
  }

  /** Whether {@value #REQUIRED_PROPERTY} says this host must have the capability. */
  public boolean isRequired() {
    return required().contains(this);
  }

  /**
   * The capabilities {@value #REQUIRED_PROPERTY} lists. Names this enum does not know are left to
   * the test drivers that check them (a project's own system tests may require, say, {@code vm}).
   */
  static Set<Capability> required() {
    String value = System.getProperty(REQUIRED_PROPERTY, "");
    Set<Capability> required = EnumSet.noneOf(Capability.class);
    for (String name : Splitter.on(',').trimResults().omitEmptyStrings().split(value)) {
      named(name).ifPresent(required::add);
    }
    return required;
  }

  /** The capability called {@code name} (display or constant name, any case). */
  public static Optional<Capability> named(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return Stream.of(values()).filter(c -> c.displayName.equals(wanted)).findFirst();
  }

  @Override
  public String toString() {
    return displayName;
  }

  /** Where {@code promtool} is, looked for where every capability's programs are (PATH, then the system directories). */
  public static Optional<Path> promtool() {
    return toolDirectories().stream()
        .map(d -> d.resolve("promtool"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static Optional<String> detect(Capability capability) {
    return detect(capability, toolDirectories());
  }

  /** Why the host lacks the capability when its programs are searched for in {@code searched}. */
  static Optional<String> detect(Capability capability, List<Path> searched) {
    List<String> problems = new java.util.ArrayList<>();
    detectInKernel(capability).ifPresent(problems::add);
    for (Tool tool : capability.tools) {
      if (searched.stream()
          .map(dir -> dir.resolve(tool.program()))
          .noneMatch(file -> Files.isRegularFile(file) && Files.isExecutable(file))) {
        problems.add(tool.program() + " not found (install " + tool.debianPackage() + ")");
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  /** The directories searched for programs: {@value #TOOL_PATH_PROPERTY}, or PATH and the system directories. */
  static List<Path> toolDirectories() {
    Set<String> directories = new java.util.LinkedHashSet<>();
    String override = System.getProperty(TOOL_PATH_PROPERTY, "");
    if (!override.isEmpty()) {
      Splitter.on(':').omitEmptyStrings().split(override).forEach(directories::add);
    } else {
      Splitter.on(':')
          .omitEmptyStrings()
          .split(Optional.ofNullable(System.getenv("PATH")).orElse(""))
          .forEach(directories::add);
      directories.addAll(SYSTEM_DIRECTORIES);
    }
    return directories.stream().filter(d -> d.startsWith("/")).map(Path::of).toList();
  }

  private static Optional<String> detectInKernel(Capability capability) {
    switch (capability) {
      case ROOT:
        return effectiveUid().filter(uid -> uid == 0).isPresent()
            ? Optional.empty()
            : Optional.of("the tests do not run as root (uid 0)");
      case LOOP:
        return Files.exists(Path.of("/dev/loop-control"))
            ? Optional.empty()
            : Optional.of("/dev/loop-control does not exist");
      case BTRFS:
        return kernelFilesystems().contains("btrfs") || moduleExists("fs/btrfs/btrfs.ko")
            ? Optional.empty()
            : Optional.of("btrfs is neither in /proc/filesystems nor a loadable module");
      case DM_CRYPT:
        if (!Files.exists(Path.of("/dev/mapper/control"))) {
          return Optional.of("/dev/mapper/control does not exist (no device-mapper)");
        }
        return kernelRegistered("/proc/misc", "device-mapper")
            ? Optional.empty()
            : Optional.of("the kernel has no device-mapper (not in /proc/misc)");
      case CIFS:
        return kernelFilesystems().contains("cifs")
            ? Optional.empty()
            : Optional.of("cifs is not in /proc/filesystems");
      case RSYNC:
      case CRYPTSETUP:
      case EXT4:
      case ACL_TOOLS:
      case DEB_TOOLS:
      case SYSTEMD_ANALYZE:
      case PROMTOOL:
        return Optional.empty();
      default:
        throw new AssertionError(capability);
    }
  }

  private static Optional<Long> effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("Uid:")) {
          List<String> ids = Splitter.on(java.util.regex.Pattern.compile("\\s+"))
              .omitEmptyStrings()
              .splitToList(line.substring(4));
          return Optional.of(Long.parseLong(ids.get(1)));
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // fall through to id -u
    }
    try {
      Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return id.waitFor() == 0 ? Optional.of(Long.parseLong(out)) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static boolean kernelRegistered(String table, String name) {
    try {
      return Files.readAllLines(Path.of(table), StandardCharsets.UTF_8).stream()
          .anyMatch(line -> line.trim().endsWith(" " + name));
    } catch (IOException e) {
      return false;
    }
  }

  private static Set<String> kernelFilesystems() {
    try {
      Set<String> names = new java.util.HashSet<>();
      for (String line : Files.readAllLines(Path.of("/proc/filesystems"), StandardCharsets.UTF_8)) {
        List<String> words = Splitter.on(java.util.regex.Pattern.compile("\\s+"))
            .omitEmptyStrings()
            .splitToList(line);
        if (!words.isEmpty()) {
          names.add(words.get(words.size() - 1));
        }
      }
      return names;
    } catch (IOException e) {
      return Set.of();
    }
  }

  private static boolean moduleExists(String relative) {
    try {
      String release = Files.readString(
              Path.of("/proc/sys/kernel/osrelease"), StandardCharsets.UTF_8)
          .trim();
      Path kernel = Path.of("/lib/modules", release, "kernel");
      return Stream.of("", ".xz", ".zst", ".gz")
          .anyMatch(suffix -> Files.exists(kernel.resolve(relative + suffix)));
    } catch (IOException e) {
      return false;
    }
  }
}
