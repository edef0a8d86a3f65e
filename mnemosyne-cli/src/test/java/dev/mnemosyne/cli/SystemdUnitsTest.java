package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units as {@code packaging/install.sh} installs them, checked by {@code
 * systemd-analyze verify}: the single-store service and timer, the template for several stores
 * (as the instances {@code nas} and {@code usb}), and the failure report.
 */
@RequiresCapability(Capability.SYSTEMD_ANALYZE)
class SystemdUnitsTest {
  private static final Path SCRIPT =
      Path.of("..", "packaging", "install.sh").toAbsolutePath().normalize();

  @TempDir
  Path temp;

  /** Installs under a prefix in {@code temp}, so that every ExecStart= names a file that exists. */
  private Path install() throws IOException, InterruptedException {
    Path prefix = temp.resolve("prefix");
    Path jar = Files.writeString(temp.resolve("mnemosyne.jar"), "jar");
    ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString())
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve("install.log").toFile());
    builder.environment().put("PREFIX", prefix.toString());
    builder.environment().put("JAR", jar.toString());
    assertThat(builder.start().waitFor())
        .as(Files.readString(temp.resolve("install.log")))
        .isZero();
    return prefix.resolve("lib/systemd/system");
  }

  private static Result verify(Path unitDirectory, String... units)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
    for (String unit : units) {
      command.add(unitDirectory.resolve(unit).toString());
    }
    Process verify = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(verify.waitFor(), output);
  }

  private record Result(int code, String output) {}

  @Test
  void everyUnitPassesSystemdAnalyzeVerify() throws Exception {
    Path units = install();

    Result result = verify(
        units,
        "mnemosyne-backup.service",
        "mnemosyne-backup.timer",
        "mnemosyne-backup@nas.service",
        "mnemosyne-backup@nas.timer",
        "mnemosyne-backup@usb.timer",
        "mnemosyne-notify@mnemosyne-backup@nas.service",
        "mnemosyne-notify@mnemosyne-backup.service");

    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output()).isEmpty();
  }

  @Test
  void theTemplateRunsTheStoreItsInstanceNamesAndReportsFailures() throws Exception {
    Path units = install();
    Path prefix = temp.resolve("prefix");

    assertThat(units.resolve("mnemosyne-backup@.service"))
        .content()
        .contains("ExecStart=" + prefix + "/bin/mnemosyne --backup --config " + prefix
            + "/etc/mnemosyne/%i.json")
        .contains(
            "OnFailure=mnemosyne-notify@%N.service",
            "RuntimeDirectory=mnemosyne\n", "RuntimeDirectoryPreserve=yes", "SuccessExitStatus=3");
    assertThat(units.resolve("mnemosyne-backup.service"))
        .content()
        .contains("ExecStart=" + prefix + "/bin/mnemosyne --backup --config " + prefix
            + "/etc/mnemosyne/config.json")
        .contains("OnFailure=mnemosyne-notify@%N.service", "RuntimeDirectoryPreserve=yes");
    assertThat(units.resolve("mnemosyne-notify@.service"))
        .content()
        .contains("ExecStart=" + prefix + "/libexec/mnemosyne/notify %i");
    assertThat(prefix.resolve("libexec/mnemosyne/notify")).isExecutable();
  }

  @Test
  void verifyFindsAUnitWhoseProgramIsMissing() throws Exception {
    Path units = install();
    Files.delete(temp.resolve("prefix/libexec/mnemosyne/notify"));

    Result result = verify(units, "mnemosyne-notify@mnemosyne-backup@nas.service");

    assertThat(result.code()).isNotZero();
    assertThat(result.output()).contains("notify");
  }
}
