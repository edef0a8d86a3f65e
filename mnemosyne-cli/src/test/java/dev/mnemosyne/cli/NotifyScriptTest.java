package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code packaging/notify}, which {@code mnemosyne-notify@.service} runs when a backup unit
 * fails: an error line for the journal always, and a mail where sendmail or mail exists. Each
 * run gets a PATH of stand-in programs only, so the host's own mail setup plays no part.
 */
class NotifyScriptTest {
  private static final Path SCRIPT =
      Path.of("..", "packaging", "notify").toAbsolutePath().normalize();

  @TempDir
  Path temp;

  private Path bin;

  private Path standIns(Map<String, String> programs) throws IOException {
    bin = Files.createDirectories(temp.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("cat"), Path.of("/bin/cat"));
    for (Map.Entry<String, String> program : programs.entrySet()) {
      Path file = Files.writeString(
          bin.resolve(program.getKey()), "#!/bin/sh\n" + program.getValue() + "\n");
      assertThat(file.toFile().setExecutable(true)).isTrue();
    }
    return bin;
  }

  private record Run(int code, String out) {}

  private Run report(String... args) throws IOException, InterruptedException {
    java.util.List<String> command =
        new java.util.ArrayList<>(java.util.List.of("/bin/sh", SCRIPT.toString()));
    command.addAll(java.util.List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", bin.toString());
    builder.environment().put("MNEMOSYNE_NOTIFY_TO", "backup-admin@example.org");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out);
  }

  @Test
  void aFailureIsLoggedAsAnErrorAndMailedWithTheUnitsLog() throws Exception {
    Path mail = temp.resolve("mail.txt");
    standIns(Map.of(
        "hostname", "echo backup-host",
        "journalctl", "echo \"journal of $2: rsync failed, exit 1\"",
        "sendmail", "cat > '" + mail + "'; echo \"$@\" >> '" + mail + "'"));

    Run run = report("mnemosyne-backup@nas");

    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains(
            "<3>mnemosyne: mnemosyne-backup@nas failed on backup-host",
            "mailed backup-admin@example.org");
    assertThat(mail)
        .content()
        .contains(
            "To: backup-admin@example.org",
            "Subject: mnemosyne: mnemosyne-backup@nas failed on backup-host",
            "journal of mnemosyne-backup@nas: rsync failed, exit 1",
            "-t");
  }

  @Test
  void withMailInsteadOfSendmailItMailsToo() throws Exception {
    Path mail = temp.resolve("mail.txt");
    standIns(Map.of("mail", "echo \"$@\" > '" + mail + "'; cat >> '" + mail + "'"));

    Run run = report("mnemosyne-backup");

    assertThat(run.code()).isZero();
    assertThat(mail)
        .content()
        .contains("-s mnemosyne: mnemosyne-backup failed on", "backup-admin@example.org");
  }

  @Test
  void withoutAMailCommandItReportsToTheJournalOnly() throws Exception {
    standIns(Map.of());

    Run run = report("mnemosyne-backup@usb");

    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains(
            "<3>mnemosyne: mnemosyne-backup@usb failed",
            "no sendmail or mail command: reported to the journal only");
  }

  @Test
  void aFailingMailCommandStillLeavesTheJournalLine() throws Exception {
    standIns(Map.of("sendmail", "exit 75"));

    Run run = report("mnemosyne-backup@nas");

    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("<3>mnemosyne: mnemosyne-backup@nas failed", "<4>sendmail failed");
  }

  @Test
  void withoutAUnitItIsAUsageError() throws Exception {
    standIns(Map.of());

    Run run = report();

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).contains("usage: notify UNIT");
  }
}
