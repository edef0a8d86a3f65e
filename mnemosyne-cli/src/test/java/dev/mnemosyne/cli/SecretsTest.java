package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CIFS password and the key never leave their files: the whole CIFS path runs through
 * the real command with recording stand-ins for {@code mount}, {@code umount} and the other
 * programs, and neither secret appears in any program's arguments nor in anything the
 * command prints, at {@code --verbose}, in {@code --json}, {@code --dry-run} or
 * {@code --check-config}.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class SecretsTest {
  private static final String PASSWORD = "Pa55-w0rd,with=sep;and spaces";
  private static final List<String> RECORDED =
      List.of("umount", "losetup", "cryptsetup", "btrfs", "mkfs.btrfs", "rsync", "mount.cifs");

  @TempDir
  Path temp;

  private Path bin;
  private Path argv;
  private Path credentialsSeen;
  private Path share;
  private Path source;
  private final List<String> printed = new ArrayList<>();

  @BeforeEach
  void standIns() throws IOException {
    bin = temp.resolve("bin");
    argv = temp.resolve("argv.log");
    credentialsSeen = temp.resolve("credentials.log");
    share = Files.createDirectories(temp.resolve("share"));
    source = Files.createDirectories(temp.resolve("docs"));
    Files.writeString(source.resolve("a.txt"), "one");
    for (String tool : RECORDED) {
      HostProcesses.script(bin, tool, record(tool) + "exec " + real(tool) + " \"$@\"\n");
    }
    // mount -t cifs VOLUME MOUNTPOINT -o OPTIONS: note the credentials file, then bind the share
    // there.
    HostProcesses.script(
        bin,
        "mount",
        record("mount")
            + "if [ \"$1\" = -t ] && [ \"$2\" = cifs ]; then\n"
            + "  creds=$(printf '%s' \"$6\" | tr ',' '\\n' | sed -n 's/^credentials=//p')\n"
            + "  printf 'mode=%s username=%s password=%s\\n' \"$(stat -c %a \"$creds\")\""
            + " \"$(grep -c '^username=backup$' \"$creds\")\""
            + " \"$(grep -cxF 'password=" + PASSWORD + "' \"$creds\")\" >> '" + credentialsSeen
            + "'\n"
            + "  echo \"$creds\" >> '" + credentialsSeen + "'\n"
            + "  exec " + real("mount") + " --bind '" + share + "' \"$4\"\n"
            + "fi\n"
            + "exec " + real("mount") + " \"$@\"\n");
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  private String record(String tool) {
    return "{ printf '%s' '" + tool
        + "'; for a in \"$@\"; do printf ' [%s]' \"$a\"; done; echo; } >> '" + argv + "'\n";
  }

  private static String real(String tool) {
    return Stream.of("/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/")
        .map(d -> Path.of(d + tool))
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toString)
        .orElse("/bin/false");
  }

  private Path cifsConfig(String name, Optional<Path> keyFile) {
    String store =
        keyFile.map(k -> "\"keyfile\": \"" + k + "\"").orElse("\"encryption\": \"none\"");
    return TestConfigs.write(
        temp.resolve(name),
        "{\n"
            + "  \"remote\": {\"type\": \"cifs\", \"volume\": \"//nas.example/backup\", \"username\": \"backup\","
            + " \"password\": \"" + PASSWORD + "\"},\n"
            + "  \"store\": {\"name\": \"" + name + ".img\", \"size\": 1, " + store + "},\n"
            + "  \"strategy\": {\"stages\": 2, \"rotate\": 0},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"docs\", \"directory\": \"" + source
            + "\"}]}\n"
            + "}\n");
  }

  /** Runs the command as its own process with the stand-ins first on its PATH; keeps what it printed. */
  private CliRun run(String... args) throws Exception {
    Path stderr = Files.createTempFile(temp, "stderr", ".txt");
    ProcessBuilder builder = ProcessRun.builder(temp.resolve("run"), stderr, args);
    builder
        .environment()
        .put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    Path stdout = Files.createTempFile(temp, "stdout", ".txt");
    Process process = builder.redirectOutput(stdout.toFile()).start();
    int code = process.waitFor();
    CliRun result = new CliRun(code, Files.readString(stdout), Files.readString(stderr));
    printed.add(result.out());
    printed.add(result.err());
    return result;
  }

  @Test
  void neitherThePasswordNorTheKeyAppearInArgumentsOrOutput() throws Exception {
    Path plain = cifsConfig("plain", Optional.empty());
    CliRun init = run("--init-store", "--verbose", "-c", plain.toString());
    assertThat(init.code()).as(init.toString()).isZero();
    CliRun backup = run("--backup", "--verbose", "--json", "-c", plain.toString());
    assertThat(backup.code()).as(backup.toString()).isZero();
    assertThat(share.resolve("plain.img")).isRegularFile();
    CliRun dryRun = run("--backup", "--dry-run", "--verbose", "--json", "-c", plain.toString());
    assertThat(dryRun.code()).as(dryRun.toString()).isZero();
    CliRun check = run("--check-config", "--json", "-c", plain.toString());
    assertThat(check.code()).as(check.toString()).isZero();
    assertThat(check.out()).contains("//nas.example/backup");
    run("--verify-environment", "--verbose", "-c", plain.toString());

    Path keyFile = temp.resolve("keys/store.key");
    Path luks = cifsConfig("luks", Optional.of(keyFile));
    CliRun initKey = run("--init-key", "-c", luks.toString());
    assertThat(initKey.code()).as(initKey.toString()).isZero();
    String key = Files.readString(keyFile).strip();
    assertThat(key).hasSize(64);
    // This host has no device-mapper: the LUKS store is formatted, then cannot be opened, and says
    // why.
    run("--init-store", "--verbose", "--json", "-c", luks.toString());
    run("--backup", "--verbose", "--json", "-c", luks.toString());
    run("--backup", "--dry-run", "--verbose", "-c", luks.toString());

    List<String> commands = Files.readAllLines(argv);
    assertThat(commands)
        .as("the stand-ins ran")
        .anyMatch(c -> c.startsWith("mount [-t] [cifs]"))
        .anyMatch(c -> c.startsWith("umount"))
        .anyMatch(c -> c.startsWith("cryptsetup [luksFormat]"))
        .anyMatch(c -> c.startsWith("rsync"));
    assertThat(commands)
        .noneMatch(c -> c.contains(PASSWORD)
            || c.contains("Pa55")
            || c.contains(key)
            || c.contains("pass=")
            || c.contains("password="));
    assertThat(commands)
        .filteredOn(c -> c.startsWith("mount [-t] [cifs]"))
        .allMatch(c -> c.contains("credentials=" + temp.resolve("run")));
    List<String> seen = Files.readAllLines(credentialsSeen);
    assertThat(seen).contains("mode=600 username=1 password=1");
    assertThat(
            seen.stream().filter(l -> l.startsWith("/")).map(Path::of).collect(Collectors.toList()))
        .as("the credentials file is removed after the mount")
        .isNotEmpty()
        .allMatch(p -> !Files.exists(p));
    assertThat(printed)
        .isNotEmpty()
        .noneMatch(text -> text.contains(PASSWORD) || text.contains("Pa55") || text.contains(key));
  }
}
