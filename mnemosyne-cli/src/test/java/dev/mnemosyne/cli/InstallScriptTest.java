package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code packaging/install.sh} into a staging directory. */
class InstallScriptTest {
  private static final Path SCRIPT =
      Path.of("..", "packaging", "install.sh").toAbsolutePath().normalize();

  @TempDir
  Path temp;

  private int install(Path destdir, String prefix) throws IOException, InterruptedException {
    Path jar = Files.writeString(temp.resolve("mnemosyne.jar"), "jar");
    ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString())
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve("install.log").toFile());
    builder.environment().put("DESTDIR", destdir.toString());
    builder.environment().put("PREFIX", prefix);
    builder.environment().put("JAR", jar.toString());
    return builder.start().waitFor();
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void installsEveryPieceUnderDestdirAndPrefix() throws Exception {
    Path stage = temp.resolve("stage");

    assertThat(install(stage, "/usr/local"))
        .as(Files.readString(temp.resolve("install.log")))
        .isZero();

    Path prefix = stage.resolve("usr/local");
    assertThat(prefix.resolve("lib/mnemosyne/mnemosyne.jar")).hasContent("jar");
    assertThat(mode(prefix.resolve("bin/mnemosyne"))).isEqualTo("rwxr-xr-x");
    assertThat(prefix.resolve("bin/mnemosyne"))
        .hasSameTextualContentAs(Path.of("..", "bin", "mnemosyne"));
    assertThat(prefix.resolve("share/bash-completion/completions/mnemosyne"))
        .content()
        .contains("complete -F");
    Path service = prefix.resolve("lib/systemd/system/mnemosyne-backup.service");
    assertThat(service)
        .content()
        .contains(
            "ExecStart=/usr/local/bin/mnemosyne --backup --config /usr/local/etc/mnemosyne/config.json")
        .doesNotContain("@BINDIR@", "@SYSCONFDIR@", stage.toString());
    assertThat(prefix.resolve("lib/systemd/system/mnemosyne-backup.timer"))
        .content()
        .contains("OnCalendar=");
    assertThat(mode(prefix.resolve("etc/mnemosyne"))).isEqualTo("rwx------");
    assertThat(prefix.resolve("etc/mnemosyne/config.json.example"))
        .hasSameTextualContentAs(Path.of("..", "packaging", "config.json.example"));
    assertThat(prefix.resolve("etc/mnemosyne/config.json")).doesNotExist();
  }

  @Test
  void neverOverwritesAConfiguration() throws Exception {
    Path stage = temp.resolve("stage");
    Path config =
        TestConfigs.write(stage.resolve("opt/m/etc/mnemosyne/config.json"), "{\"mine\": true}");

    assertThat(install(stage, "/opt/m")).isZero();
    assertThat(install(stage, "/opt/m")).isZero();

    assertThat(config).hasContent("{\"mine\": true}");
    assertThat(stage.resolve("opt/m/lib/systemd/system/mnemosyne-backup.service"))
        .content()
        .contains(
            "ExecStart=/opt/m/bin/mnemosyne --backup --config /opt/m/etc/mnemosyne/config.json");
    assertThat(Files.readString(temp.resolve("install.log")))
        .contains("config.json exists: left as it is");
  }

  @Test
  void bashCompletesOptionsAndConfigurationFiles() throws Exception {
    Path completion = Path.of("..", "packaging", "completion", "mnemosyne.bash")
        .toAbsolutePath()
        .normalize();
    Files.writeString(temp.resolve("site.json"), "{}");
    String script = "source '" + completion + "'; cd '" + temp + "';"
        + " COMP_WORDS=(mnemosyne --ba); COMP_CWORD=1; _mnemosyne; echo \"${COMPREPLY[*]}\";"
        + " COMP_WORDS=(mnemosyne -c si); COMP_CWORD=2; _mnemosyne; echo \"${COMPREPLY[*]}\"";
    Process bash =
        new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(bash.waitFor()).as(out).isZero();
    assertThat(out).isEqualTo("--backup\nsite.json\n");
  }

  @Test
  void refusesARelativePrefix() throws Exception {
    assertThat(install(temp.resolve("stage"), "usr/local")).isEqualTo(2);
    assertThat(temp.resolve("stage")).doesNotExist();
  }
}
