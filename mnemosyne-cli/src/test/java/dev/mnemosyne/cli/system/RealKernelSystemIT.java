package dev.mnemosyne.cli.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The system tests on a real kernel: runs {@code vm/guest/system-tests} in a throwaway VM
 * ({@code vm/run}) with the packaged {@code mnemosyne.jar}, and turns each check the guest
 * reports into a test. Skips, naming the missing capability, when the VM is not set up
 * ({@code vm/setup}), unless {@code mnemosyne.require.capabilities} contains {@code vm}.
 */
class RealKernelSystemIT {
  private static final String CAPABILITY = "vm";
  private static final Pattern RESULT = Pattern.compile("RESULT (PASS|FAIL) (\\S+?)(?:: (.*))?");
  /** A bound on the whole VM run, far above its normal few minutes; vm/run has its own timeout below it. */
  private static final long LIMIT_MINUTES = 30;
  /** Checks that must be among the results: each suite ran to its end. */
  private static final List<String> ESSENTIAL = List.of(
      "all/no-write-dropped-by-the-cifs-client",
      "world/samba-serves-the-share",
      "cifs/init-store-creates-the-store",
      "cifs/backup-4-succeeds",
      "cifs/backup-4-password-not-in-process-arguments",
      "cifs/verify-finds-the-store-sound",
      "cifs/stages-hold-the-sources-as-they-were",
      "restore/restore-one-file-by-hand",
      "restore/restore-by-hand-gives-the-old-version",
      "restore/restore-gives-the-old-version",
      "block/stages-hold-the-sources-as-they-were",
      "failures/wrong-key-is-environment-not-ready",
      "failures/unreachable-share-fails",
      "failures/full-store-is-no-space",
      "failures/nothing-left-open-after-full-store",
      "package/dpkg-installs-the-package",
      "package/installed-command-backs-up",
      "package/purge-keeps-key-and-config",
      "lifecycle/grow-store-to-2-gb",
      "lifecycle/a-smaller-store-size-is-refused",
      "lifecycle/next-grow-store-finishes",
      "lifecycle/grown-store-holds-its-history",
      "lifecycle/store-mounted-with-zstd-1",
      "lifecycle/change-key",
      "lifecycle/old-key-no-longer-opens",
      "lifecycle/nothing-left-open-after-lifecycle",
      "identity/cifs-other-name-is-locked-while-mounted",
      "identity/block-other-name-is-locked-while-mounted",
      "busy/share-stays-mounted-under-the-open-image",
      "busy/unmount-after-release-succeeds");

  private static VmRun run;
  private static Optional<String> skipped = Optional.empty();

  @BeforeAll
  static void runTheSystemTestsInAVm() throws IOException, InterruptedException {
    Path repo = repositoryRoot();
    Optional<String> missing = missingCapability(repo);
    if (missing.isPresent()) {
      String message = "real-kernel VM: run vm/setup (" + missing.get() + ")";
      if (required()) {
        fail(message + "; required by mnemosyne.require.capabilities");
      }
      System.err.println("SKIPPED " + message);
      skipped = Optional.of(message);
      return;
    }
    Path jar = repo.resolve("mnemosyne-cli/target/mnemosyne.jar");
    assertThat(jar).as("the packaged CLI (mvn package builds it)").isRegularFile();
    buildDebianPackage(repo, jar);
    run = VmRun.start(repo, jar);
  }

  @Test
  void theGuestScriptFinishesWithoutFailures() {
    skipWithoutVm();
    assertThat(run.exitCode())
        .as(
            "exit code of vm/run (0: every check passed, 1: a check failed, 124: timeout, 125: no result);"
                + " console in %s",
            run.console())
        .isZero();
  }

  @Test
  void everySuiteRanToItsEnd() {
    skipWithoutVm();
    assertThat(run.results()).extracting(Result::name).containsAll(ESSENTIAL);
  }

  @TestFactory
  Stream<DynamicTest> eachCheckInTheVm() {
    skipWithoutVm();
    return run.results().stream()
        .map(r -> DynamicTest.dynamicTest(r.name(), () -> {
          if (!r.passed()) {
            fail(r.name() + ": " + r.detail() + " (console: " + run.console() + ")");
          }
        }));
  }

  // ---- environment ----

  /** Builds the Debian package of {@code jar} into mnemosyne-cli/target/deb, where the guest's package suite finds it. */
  private static void buildDebianPackage(Path repo, Path jar)
      throws IOException, InterruptedException {
    Path out = repo.resolve("mnemosyne-cli/target/deb");
    Files.createDirectories(out);
    try (Stream<Path> old = Files.list(out)) {
      for (Path deb :
          old.filter(p -> p.getFileName().toString().endsWith(".deb")).toList()) {
        Files.delete(deb);
      }
    }
    Path log = out.resolve("build.log");
    Process build = new ProcessBuilder(
            repo.resolve("packaging/deb/build").toString(),
            "--jar",
            jar.toString(),
            "--out",
            out.toString())
        .directory(repo.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    assertThat(build.waitFor())
        .as("packaging/deb/build: %s", Files.readString(log))
        .isZero();
  }

  private static void skipWithoutVm() {
    skipped.ifPresent(Assumptions::abort);
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("vm/run"))) {
        return p;
      }
    }
    throw new IllegalStateException("no vm/run above " + dir);
  }

  private static boolean required() {
    String value = System.getProperty("mnemosyne.require.capabilities", "");
    return Arrays.stream(value.split("[,\\s]+")).anyMatch(c -> c.equalsIgnoreCase(CAPABILITY));
  }

  /** What is missing for a VM run, or empty when it can run. */
  private static Optional<String> missingCapability(Path repo)
      throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("needs root");
    }
    Process which = new ProcessBuilder("sh", "-c", "command -v qemu-system-x86_64")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (which.waitFor() != 0) {
      return Optional.of("no qemu-system-x86_64");
    }
    Path cache =
        Path.of(System.getenv().getOrDefault("MNEMOSYNE_VM_CACHE", "/var/cache/mnemosyne-vm"));
    if (!Files.isRegularFile(cache.resolve("kernel-release"))
        || !Files.isRegularFile(cache.resolve("initramfs.gz"))) {
      return Optional.of("no VM kernel in " + cache);
    }
    return Optional.empty();
  }

  /** One check the guest reported. */
  record Result(String name, boolean passed, String detail) {}

  /** A finished run of the system tests in the VM: its exit code, console log and results. */
  record VmRun(int exitCode, Path console, List<Result> results) {

    static VmRun start(Path repo, Path jar) throws IOException, InterruptedException {
      Path out = repo.resolve("mnemosyne-cli/target/system-tests");
      Files.createDirectories(out);
      String stamp =
          LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
      Path exchange = out.resolve("exchange-" + stamp);
      Path console = out.resolve("console-" + stamp + ".log");
      Process vm = new ProcessBuilder(
              repo.resolve("vm/run").toString(),
              "--timeout",
              "1500",
              "--jar",
              jar.toString(),
              "--exchange",
              exchange.toString(),
              "--",
              repo.resolve("vm/guest/system-tests").toString())
          .directory(repo.toFile())
          .redirectErrorStream(true)
          .redirectOutput(console.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
      if (!vm.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
        vm.destroy();
        vm.waitFor(30, TimeUnit.SECONDS);
        fail("vm/run did not end within " + LIMIT_MINUTES + " minutes; console in " + console);
      }
      return new VmRun(vm.exitValue(), console, parse(exchange.resolve("results")));
    }

    private static List<Result> parse(Path file) throws IOException {
      List<Result> results = new ArrayList<>();
      if (!Files.exists(file)) {
        return results;
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        Matcher m = RESULT.matcher(line.strip());
        if (m.matches()) {
          results.add(new Result(
              m.group(2), m.group(1).equals("PASS"), m.group(3) == null ? "" : m.group(3)));
        }
      }
      return results;
    }
  }
}
