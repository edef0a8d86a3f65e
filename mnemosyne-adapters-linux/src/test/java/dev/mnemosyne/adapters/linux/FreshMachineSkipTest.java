package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.mnemosyne.testkit.Capability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A fresh Debian machine has btrfs in its kernel but not btrfs-progs. The real btrfs tests,
 * run in a child JVM whose PATH is a stand-in directory holding every program of this host but
 * btrfs-progs' own, are skipped with a reason that names the package to install, and none errs.
 */
class FreshMachineSkipTest {
  private static final List<String> BTRFS_TEST_CLASSES = List.of(
      RealBtrfsFilesystemTest.class.getName(),
      RealLoopVolumeTest.class.getName(),
      LinuxAdaptersEndToEndTest.class.getName());

  @Test
  void withoutBtrfsProgsTheRealBtrfsTestsSkipNamingThePackage()
      throws IOException, InterruptedException {
    Path temp = Files.createTempDirectory("mnemosyne-fresh-machine-");
    List<String> lines;
    try {
      Path standIn = hostProgramsWithoutBtrfsProgs(temp.resolve("bin"));
      assertThat(standIn.resolve("mkfs.btrfs")).doesNotExist();
      lines = runInChildJvm(standIn, BTRFS_TEST_CLASSES);
    } finally {
      // The links point out of the directory: remove them, never what they point to.
      MoreFiles.deleteRecursively(temp, RecursiveDeleteOption.ALLOW_INSECURE);
    }

    assertThat(lines)
        .as("what the child run reported")
        .noneMatch(line -> line.startsWith("FAILED"))
        .noneMatch(line -> line.startsWith("PASSED"));
    List<String> skipped =
        lines.stream().filter(line -> line.startsWith("SKIPPED")).toList();
    assertThat(skipped)
        .as("every class is skipped as a whole")
        .hasSize(BTRFS_TEST_CLASSES.size())
        .allSatisfy(
            line -> assertThat(line).contains("btrfs: mkfs.btrfs not found (install btrfs-progs)"));
  }

  /** Links every program of this host's PATH and system directories into {@code dir}, except btrfs-progs'. */
  private static Path hostProgramsWithoutBtrfsProgs(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> searched =
        new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    searched.addAll(
        List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
    for (String directory : searched) {
      Path source = Path.of(directory.isEmpty() ? "/nonexistent" : directory);
      if (!source.isAbsolute() || !Files.isDirectory(source)) {
        continue;
      }
      try (Stream<Path> programs = Files.list(source)) {
        for (Path program : programs.toList()) {
          String name = program.getFileName().toString();
          boolean btrfsProgs = name.startsWith("btrfs") || name.endsWith(".btrfs");
          if (!btrfsProgs
              && !Files.exists(dir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(dir.resolve(name), program);
          }
        }
      }
    }
    return dir;
  }

  private static List<String> runInChildJvm(Path standIn, List<String> testClasses)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        System.getProperty("java.class.path"),
        "-D" + Capability.TOOL_PATH_PROPERTY + "=" + standIn,
        TestRunReport.class.getName()));
    command.addAll(testClasses);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("PATH", standIn.toString());
    Process child = builder.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor())
        .as("the child JVM's exit code; its output:%n%s", output)
        .isZero();
    return output.lines().toList();
  }
}
