package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Key files and CIFS credentials files that are not private, with the real adapters and real
 * file owners: whoever can read such a file has the secret, whoever can write or owns it can plant
 * a key they know before {@code --init-store}. Each is refused with exit 5 and the command that
 * fixes it, before anything is created or mounted; {@code --verify-environment} says the same.
 */
@RequiresCapability(Capability.ROOT)
class SecretFilePermissionsTest {
  private static final String KEY = "0123456789abcdef".repeat(4);
  private static final String NOBODY = "nobody";

  @TempDir
  Path temp;

  private Path remote;
  private Path source;
  private Path keyFile;

  @BeforeEach
  void layOut() throws IOException {
    remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("docs"));
    Files.writeString(source.resolve("a.txt"), "one");
    keyFile = temp.resolve("keys/store.key");
    Files.createDirectories(keyFile.getParent());
    Files.writeString(keyFile, KEY);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
  }

  private CliRun call(Path config, String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "-c";
    all[args.length + 1] = config.toString();
    return CliRun.call(new LinuxWiring(), temp.resolve("run"), all);
  }

  private Path encrypted() {
    return TestConfigs.encryptedLocal(temp, remote, keyFile, source);
  }

  private Path cifsWithCredentials(Path credentials) {
    return TestConfigs.write(
        temp.resolve("cifs.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"cifs\", \"volume\": \"//127.0.0.1/backup\", \"credentials\": \""
            + credentials
            + "\"},\n"
            + "  \"store\": {\"name\": \"test.btrfs\", \"size\": 1, \"keyfile\": \"" + keyFile
            + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 24},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"data\", \"directory\": \"" + source
            + "\"}]}\n"
            + "}\n");
  }

  private void refusedUntouched(CliRun run, String... message) throws IOException {
    assertThat(run.code()).as(run.toString()).isEqualTo(5);
    assertThat(run.err()).contains(message).doesNotContain("Exception", "\tat ", KEY, "s3cret");
    try (var files = Files.list(remote)) {
      assertThat(files).as("nothing created on the remote").isEmpty();
    }
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
  }

  private static UserPrincipal nobody() throws IOException {
    return Path.of("/")
        .getFileSystem()
        .getUserPrincipalLookupService()
        .lookupPrincipalByName(NOBODY);
  }

  @ParameterizedTest
  @CsvSource({
    "rw--w----, writable",
    "rw-----w-, writable",
    "rw-r-----, readable",
    "rw-rw-rw-, readable and writable"
  })
  void aKeyFileThatGroupOrOthersCanReadOrWriteIsRefusedBeforeInitStore(String mode, String access)
      throws IOException {
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString(mode));

    refusedUntouched(
        call(encrypted(), "--init-store"),
        "key file " + keyFile + " is " + access + " by group or others",
        "chmod 600 " + keyFile);
    refusedUntouched(call(encrypted(), "--backup"), "chmod 600 " + keyFile);
    refusedUntouched(call(encrypted(), "--init-store", "--dry-run"), "chmod 600 " + keyFile);
  }

  @Test
  void aKeyFileOwnedByAnotherUserIsRefused() throws IOException {
    Files.setOwner(keyFile, nobody());

    refusedUntouched(
        call(encrypted(), "--init-store"),
        "key file " + keyFile + " is owned by " + NOBODY,
        "chown root " + keyFile);
  }

  @Test
  void aCredentialsFileThatOthersCanReadIsRefusedBeforeAnythingIsMounted() throws IOException {
    Path credentials =
        Files.writeString(temp.resolve("nas.credentials"), "username=backup\npassword=s3cret\n");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));

    refusedUntouched(
        call(cifsWithCredentials(credentials), "--backup"),
        "remote.credentials file " + credentials + " is readable by group or others",
        "chmod 600 " + credentials);
  }

  @Test
  void aCredentialsFileOwnedByAnotherUserIsRefused() throws IOException {
    Path credentials =
        Files.writeString(temp.resolve("nas.credentials"), "username=backup\npassword=s3cret\n");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    Files.setOwner(credentials, nobody());

    refusedUntouched(
        call(cifsWithCredentials(credentials), "--init-store"),
        "is owned by " + NOBODY,
        "chown root " + credentials);
  }

  @Test
  void verifyEnvironmentNamesBothFilesAndTheirFixes() throws IOException {
    Path credentials =
        Files.writeString(temp.resolve("nas.credentials"), "username=backup\npassword=s3cret\n");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw--w----"));

    CliRun run = call(cifsWithCredentials(credentials), "--verify-environment", "--json");

    assertThat(run.code()).as(run.toString()).isEqualTo(5);
    assertThat(run.json().get("checks").findValuesAsText("detail"))
        .anySatisfy(
            d -> assertThat(d).contains("key file " + keyFile + " is writable by group or others"))
        .anySatisfy(
            d -> assertThat(d).contains("remote.credentials file " + credentials + " is readable"));
    assertThat(run.out()).doesNotContain("s3cret", KEY);
  }

  @Test
  void privateFilesOwnedByRootPass() throws IOException {
    Path credentials =
        Files.writeString(temp.resolve("nas.credentials"), "username=backup\npassword=s3cret\n");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));

    CliRun run = call(cifsWithCredentials(credentials), "--verify-environment", "--json");

    assertThat(run.json().get("checks").findValuesAsText("detail"))
        .contains(keyFile + " is present and private", credentials + " is present and private");
  }
}
