package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks run by the real command, as real processes: they never see a secret, and a SIGTERM while
 * the before hook runs stops it with everything it started and exits 143.
 */
class HookProcessTest {
  private static final String PASSWORD = "Nas-Pa55word-9f3c";
  private static final String CANARY = "canary-from-the-callers-environment";

  @TempDir
  Path temp;

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  private Path privateDirectory(String name) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(name));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    return dir;
  }

  private Path script(String name, String body) throws IOException {
    Path file = privateDirectory("hooks").resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private Path keyFile() throws IOException {
    Path key = privateDirectory("keys").resolve("store.key");
    Files.writeString(
        key, HexFormat.of().formatHex(new byte[32]).replace('0', 'a'), StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return key;
  }

  private Path config(String remote, Path key, Path before, Path after) throws IOException {
    Path source = Files.createDirectories(temp.resolve("docs"));
    Files.writeString(source.resolve("a.txt"), "alpha");
    Path file = privateDirectory("etc").resolve("config.json");
    Files.writeString(
        file,
        "{\n"
            + "  \"remote\": " + remote + ",\n"
            + "  \"store\": {\"name\": \"test.btrfs\", \"size\": 1, \"keyfile\": \"" + key
            + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 0},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + source
            + "\"}]},\n"
            + "  \"hooks\": {\"before\": {\"command\": [\"" + before
            + "\", \"--flag\", \"value\"], \"timeout\": 120},\n"
            + "            \"after\": {\"command\": [\"" + after + "\"], \"timeout\": 120}}\n"
            + "}\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  @Test
  void aHookNeverSeesThePasswordTheKeyOrTheCallersEnvironment() throws Exception {
    Path dumps = privateDirectory("dumps");
    String dump = "/usr/bin/env > " + dumps
        + "/$MNEMOSYNE_HOOK.env; for a in \"$0\" \"$@\"; do echo \"$a\"; done > "
        + dumps
        + "/$MNEMOSYNE_HOOK.args; [ -n \"$MNEMOSYNE_REPORT\" ] && cat \"$MNEMOSYNE_REPORT\" > "
        + dumps
        + "/after.report; exit 0";
    Path key = keyFile();
    Path config = config(
        "{\"type\": \"cifs\", \"volume\": \"//127.0.0.1/nothing-here\", \"username\": \"backup\","
            + " \"password\": \"" + PASSWORD + "\"}",
        key,
        script("before", dump),
        script("after", dump));
    Path stderr = temp.resolve("stderr.txt");
    ProcessBuilder builder =
        ProcessRun.builder(temp.resolve("run"), stderr, "--backup", "-v", "-c", config.toString());
    builder.environment().put("MNEMOSYNE_CANARY", CANARY);
    builder.environment().put("NAS_PASSWORD", PASSWORD);
    Process process =
        builder.redirectOutput(temp.resolve("stdout.txt").toFile()).start();

    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    String err = Files.readString(stderr);
    assertThat(process.exitValue()).as(err).isNotZero();
    assertThat(dumps.resolve("before.env")).as(err).exists();
    assertThat(dumps.resolve("after.env")).as(err).exists();
    String keyContent = Files.readString(key).trim();
    for (String name :
        List.of("before.env", "before.args", "after.env", "after.args", "after.report")) {
      assertThat(Files.readString(dumps.resolve(name)))
          .as(name)
          .doesNotContain(PASSWORD)
          .doesNotContain(keyContent)
          .doesNotContain(CANARY);
    }
    assertThat(Files.readAllLines(dumps.resolve("before.args")))
        .containsExactly(temp.resolve("hooks").resolve("before").toString(), "--flag", "value");
    assertThat(Files.readString(dumps.resolve("before.env")))
        .contains("MNEMOSYNE_STORE=test.btrfs")
        .contains("MNEMOSYNE_CONFIG=" + config)
        .doesNotContain("NAS_PASSWORD")
        .doesNotContain("HOME=");
    assertThat(Files.readString(dumps.resolve("after.env")))
        .contains("MNEMOSYNE_OUTCOME=failed")
        .contains("MNEMOSYNE_EXIT_CODE=" + process.exitValue());
    assertThat(err).doesNotContain(PASSWORD).doesNotContain(keyContent);
  }

  @Test
  void aSigtermDuringTheBeforeHookKillsItsProcessTreeTearsDownAndExits143() throws Exception {
    Path marks = privateDirectory("marks");
    Path before = script(
        "before",
        "echo $$ > " + marks + "/hook.pid; sleep 300 & echo $! > " + marks + "/child.pid; wait");
    Path after =
        script("after", "echo \"$MNEMOSYNE_OUTCOME $MNEMOSYNE_EXIT_CODE\" > " + marks + "/after");
    Path remote = Files.createDirectories(temp.resolve("remote"));
    Path config =
        config("{\"type\": \"local\", \"path\": \"" + remote + "\"}", keyFile(), before, after);
    Path stderr = temp.resolve("stderr.txt");
    Process process = ProcessRun.builder(
            temp.resolve("run"), stderr, "--backup", "-c", config.toString())
        .redirectOutput(temp.resolve("stdout.txt").toFile())
        .start();
    try {
      Path childPid = marks.resolve("child.pid");
      for (int i = 0;
          i < 3000 && (!Files.exists(childPid) || Files.readString(childPid).isBlank());
          i++) {
        assertThat(process.isAlive()).as("stderr: %s", Files.readString(stderr)).isTrue();
        Thread.sleep(20);
      }
      long hook = Long.parseLong(Files.readString(marks.resolve("hook.pid")).trim());
      long child = Long.parseLong(Files.readString(childPid).trim());

      new ProcessBuilder("kill", "-TERM", Long.toString(process.pid()))
          .inheritIO()
          .start()
          .waitFor();

      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(stderr);
      assertThat(process.exitValue()).as(err).isEqualTo(143);
      assertThat(err).contains("SIGTERM received");
      assertGone(hook);
      assertGone(child);
      assertThat(Files.readString(marks.resolve("after")).trim()).isEqualTo("failed 143");
      assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    } finally {
      process.destroyForcibly().waitFor();
    }
  }

  /** Asserts that {@code pid} ended: it is gone, or a zombie that init has yet to reap. */
  private static void assertGone(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    for (int i = 0; i < 1500 && running(stat); i++) {
      Thread.sleep(20);
    }
    assertThat(running(stat)).as("process %s still running", pid).isFalse();
  }

  private static boolean running(Path stat) {
    try {
      String text = Files.readString(stat);
      return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }
}
