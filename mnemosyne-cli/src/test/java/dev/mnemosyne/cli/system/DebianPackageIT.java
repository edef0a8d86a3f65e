package dev.mnemosyne.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code packaging/deb/build} on the packaged jar: the package's contents, fields and scripts,
 * lintian's verdict, and its units under {@code systemd-analyze verify}. It is never installed on
 * this host; the real-kernel VM installs and purges it ({@code vm/guest/system-tests}, suite package).
 */
@RequiresCapability({Capability.DEB_TOOLS, Capability.SYSTEMD_ANALYZE})
class DebianPackageIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = REPO.resolve("mnemosyne-cli/target/mnemosyne.jar");

  @TempDir
  static Path temp;

  private static Path deb;
  private static Path root;

  @BeforeAll
  static void buildAndUnpack() throws IOException, InterruptedException {
    assertThat(JAR).as("the packaged CLI (mvn package builds it)").isRegularFile();
    Run build = run(
        REPO.resolve("packaging/deb/build").toString(),
        "--jar",
        JAR.toString(),
        "--out",
        temp.resolve("out").toString());
    assertThat(build.code()).as(build.output()).isZero();
    deb = Path.of(build.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    root = temp.resolve("root");
    Run unpack = run("dpkg-deb", "-x", deb.toString(), root.toString());
    assertThat(unpack.code()).as(unpack.output()).isZero();
  }

  private record Run(int code, String output) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), output);
  }

  private static String field(String name) throws IOException, InterruptedException {
    return run("dpkg-deb", "-f", deb.toString(), name).output().strip();
  }

  private static String gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theFileIsNamedAfterThePackageVersionAndArchitecture() throws Exception {
    assertThat(deb.getFileName().toString())
        .isEqualTo("mnemosyne_" + field("Version") + "_all.deb");
    assertThat(field("Package")).isEqualTo("mnemosyne");
    assertThat(field("Architecture")).isEqualTo("all");
  }

  @Test
  void lintianFindsNoErrorsAndNoUnexplainedWarnings() throws Exception {
    Run lintian = run("lintian", "--no-tag-display-limit", deb.toString());

    List<String> findings =
        lintian.output().lines().filter(line -> line.matches("^[EW]: .*")).toList();
    assertThat(findings).as(lintian.output()).isEmpty();
    assertThat(root.resolve("usr/share/lintian/overrides/mnemosyne"))
        .content()
        .as("every override says why")
        .containsPattern("# .+\\n(# .+\\n)*mnemosyne: initial-upload-closes-no-bugs");
  }

  @Test
  void itDeclaresWhatTheCommandRuns() throws Exception {
    assertThat(field("Depends"))
        .contains(
            "default-jre-headless (>= 2:1.17) | java17-runtime-headless",
            "util-linux",
            "mount",
            "rsync",
            "btrfs-progs");
    assertThat(field("Recommends")).contains("cryptsetup-bin", "cifs-utils");
  }

  @Test
  void itInstallsEveryPieceWhereDebianKeepsIt() throws Exception {
    assertThat(root.resolve("usr/share/mnemosyne/mnemosyne.jar")).hasSameBinaryContentAs(JAR);
    assertThat(root.resolve("usr/bin/mnemosyne"))
        .isExecutable()
        .content()
        .contains("default_config=/etc/mnemosyne/config.json\n");
    assertThat(root.resolve("usr/libexec/mnemosyne/notify")).isExecutable();
    assertThat(gunzip(root.resolve("usr/share/man/man1/mnemosyne.1.gz")))
        .isEqualTo(Files.readString(REPO.resolve("packaging/man/mnemosyne.1")));
    assertThat(root.resolve("usr/share/bash-completion/completions/mnemosyne"))
        .hasSameTextualContentAs(REPO.resolve("packaging/completion/mnemosyne.bash"));
    for (String unit : List.of(
        "mnemosyne-backup.service",
        "mnemosyne-backup.timer",
        "mnemosyne-backup@.service",
        "mnemosyne-backup@.timer",
        "mnemosyne-notify@.service")) {
      assertThat(root.resolve("lib/systemd/system").resolve(unit))
          .content()
          .doesNotContain("@BINDIR@", "@SYSCONFDIR@", "@LIBEXECDIR@");
    }
    assertThat(root.resolve("lib/systemd/system/mnemosyne-backup@.service"))
        .content()
        .contains("ExecStart=/usr/bin/mnemosyne --backup --config /etc/mnemosyne/%i.json");
    Path doc = root.resolve("usr/share/doc/mnemosyne");
    assertThat(doc.resolve("copyright")).isRegularFile();
    assertThat(gunzip(doc.resolve("changelog.Debian.gz")))
        .startsWith("mnemosyne (" + field("Version") + ")");
    assertThat(doc.resolve("examples/config.json"))
        .hasSameTextualContentAs(REPO.resolve("packaging/config.json.example"));
    assertThat(root.resolve("etc"))
        .as("no configuration is shipped, so none is ever replaced or purged")
        .doesNotExist();
  }

  @Test
  void postinstCreatesAPrivateConfigurationDirectoryAndNothingRemovesIt() throws Exception {
    Path control = temp.resolve("control");
    assertThat(run("dpkg-deb", "-e", deb.toString(), control.toString()).code()).isZero();

    assertThat(control.resolve("postinst"))
        .isExecutable()
        .content()
        .contains("install -d -m 0700 /etc/mnemosyne");
    // postrm removes only the class-data archive postinst made, never the configuration directory.
    assertThat(control.resolve("postrm"))
        .isExecutable()
        .content()
        .contains("rm -rf /var/cache/mnemosyne\n")
        .doesNotContain("/etc/mnemosyne");
    assertThat(control.resolve("conffiles")).doesNotExist();
  }

  @Test
  void postinstMakesTheClassArchiveTheLauncherUsesAndRemakesItAfterAJavaUpdate() throws Exception {
    Path control = temp.resolve("control-archive");
    assertThat(run("dpkg-deb", "-e", deb.toString(), control.toString()).code()).isZero();

    assertThat(root.resolve("usr/libexec/mnemosyne/class-archive")).isExecutable();
    assertThat(control.resolve("postinst"))
        .content()
        .contains("/usr/libexec/mnemosyne/class-archive"
            + " /usr/share/mnemosyne/mnemosyne.jar /var/cache/mnemosyne/mnemosyne.jsa")
        .contains("triggered");
    assertThat(control.resolve("triggers")).content().contains("interest-noawait /usr/lib/jvm");
    assertThat(root.resolve("usr/bin/mnemosyne"))
        .content()
        .contains("class_archive=/var/cache/mnemosyne/mnemosyne.jsa\n");
  }

  @Test
  void theLauncherRunsThePackagedJar() throws Exception {
    Run version = run(
        "env", "-u", "MNEMOSYNE_JAR", root.resolve("usr/bin/mnemosyne").toString(), "--version");

    assertThat(version.code()).as(version.output()).isZero();
    assertThat(version.output()).startsWith("mnemosyne ");
  }

  @Test
  void thePackagedUnitsPassSystemdAnalyzeVerify() throws Exception {
    // The units name /usr/bin and /usr/libexec, which this host does not have: verify copies that
    // name the same files in the unpacked package.
    Path units = Files.createDirectories(temp.resolve("units"));
    try (Stream<Path> files = Files.list(root.resolve("lib/systemd/system"))) {
      for (Path unit : files.toList()) {
        Files.writeString(
            units.resolve(unit.getFileName()),
            Files.readString(unit).replace("ExecStart=/usr/", "ExecStart=" + root + "/usr/"));
      }
    }
    List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
    for (String unit : List.of(
        "mnemosyne-backup.service",
        "mnemosyne-backup.timer",
        "mnemosyne-backup@nas.service",
        "mnemosyne-backup@usb.timer",
        "mnemosyne-notify@mnemosyne-backup@nas.service")) {
      command.add(units.resolve(unit).toString());
    }

    Run verify = run(command.toArray(String[]::new));

    assertThat(verify.code()).as(verify.output()).isZero();
  }
}
