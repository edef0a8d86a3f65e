package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.Secret;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote mounts' exact commands, through a scripted runner. */
class LinuxRemoteMountTest {
  private static final String PASSWORD = "pa55 w0rd,with=odd;chars";
  private static final StoreId STORE = new StoreId("backup-1234abcd");

  @TempDir
  Path temp;

  private final ScriptedRunner runner = new ScriptedRunner();
  private final List<Duration> pauses = new ArrayList<>();

  private Path runtime() {
    return temp.resolve("run");
  }

  private Path mountinfo() {
    return temp.resolve("mountinfo");
  }

  private LinuxRemoteMount adapter() throws IOException {
    if (!Files.exists(mountinfo())) {
      Files.writeString(mountinfo(), "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
    }
    AdapterContext context = new AdapterContext(runner, runtime(), Optional.empty(), pauses::add);
    return new LinuxRemoteMount(context, new MountTable(mountinfo()));
  }

  private Path mountPoint() {
    return runtime().resolve(STORE.value()).resolve("remote");
  }

  private Path credentials() {
    return runtime().resolve(STORE.value()).resolve("cifs-credentials");
  }

  private static Remote.Cifs cifs(List<String> options) {
    return new Remote.Cifs(
        "//nas/backups",
        Optional.of("backup"),
        Optional.of(Secret.of(PASSWORD)),
        Optional.empty(),
        options);
  }

  @AfterEach
  void everyScriptedCommandRan() {
    runner.assertDone();
  }

  @Test
  void mountsACifsShareWithAPrivateCredentialsFileThatIsGoneAfterwards() throws IOException {
    List<String> seenCredentials = new ArrayList<>();
    runner
        .expect(List.of(
            "mount",
            "-t",
            "cifs",
            "//nas/backups",
            mountPoint().toString(),
            "-o",
            "credentials=" + credentials() + ",vers=3.0,uid=0"))
        .whileRunning(c -> {
          try {
            assertThat(Files.getPosixFilePermissions(credentials()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(credentials().getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            seenCredentials.addAll(Files.readAllLines(credentials()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });

    MountedRemote mounted = adapter().mount(cifs(List.of("vers=3.0", "uid=0")), STORE);

    assertThat(mounted.directory()).isEqualTo(mountPoint());
    assertThat(seenCredentials).containsExactly("username=backup", "password=" + PASSWORD);
    assertThat(credentials()).doesNotExist();
    assertThat(Files.getPosixFilePermissions(mountPoint()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(runtime()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertNoSecretIn(runner.seen());
  }

  @Test
  void removesTheCredentialsFileWhenTheMountFailsAndKeepsThePasswordOutOfTheError()
      throws IOException {
    runner
        .expect(List.of(
            "mount",
            "-t",
            "cifs",
            "//nas/backups",
            mountPoint().toString(),
            "-o",
            "credentials=" + credentials()))
        .fails(32, "mount error(13): Permission denied");
    LinuxRemoteMount adapter = adapter();

    assertThatThrownBy(() -> adapter.mount(cifs(List.of()), STORE))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.step()).isEqualTo(Step.MOUNT_REMOTE);
          assertThat(e.getMessage())
              .contains("Permission denied", "credentials=<private file>")
              .doesNotContain(PASSWORD)
              .doesNotContain(credentials().toString());
        });
    assertThat(credentials()).doesNotExist();
    assertNoSecretIn(runner.seen());
  }

  @Test
  void showsTheCredentialsFileRedactedInTheCommandLine() throws IOException {
    runner.expect(List.of(
        "mount",
        "-t",
        "cifs",
        "//nas/backups",
        mountPoint().toString(),
        "-o",
        "credentials=" + credentials()));

    adapter().mount(cifs(List.of()), STORE);

    assertThat(runner.seen().get(0).commandLine())
        .isEqualTo(
            "mount -t cifs //nas/backups " + mountPoint() + " -o credentials=<private file>");
  }

  @Test
  void usesTheUsersOwnCredentialsFileAsItIs() throws IOException {
    Path own = temp.resolve("nas.credentials");
    runner.expect(List.of(
        "mount",
        "-t",
        "cifs",
        "//nas/backups",
        mountPoint().toString(),
        "-o",
        "credentials=" + own + ",vers=3.1.1"));

    adapter()
        .mount(
            new Remote.Cifs(
                "//nas/backups",
                Optional.empty(),
                Optional.empty(),
                Optional.of(own),
                List.of("vers=3.1.1")),
            STORE);

    assertThat(credentials()).doesNotExist();
  }

  @Test
  void mountsAShareWithoutCredentialsAsGuest() throws IOException {
    runner.expect(
        List.of("mount", "-t", "cifs", "//nas/public", mountPoint().toString(), "-o", "guest"));

    adapter()
        .mount(
            new Remote.Cifs(
                "//nas/public", Optional.empty(), Optional.empty(), Optional.empty(), List.of()),
            STORE);
  }

  @Test
  void refusesAPasswordThatACredentialsFileCannotHold() throws IOException {
    LinuxRemoteMount adapter = adapter();
    Remote.Cifs remote = new Remote.Cifs(
        "//nas/backups",
        Optional.of("u"),
        Optional.of(Secret.of("two\nlines")),
        Optional.empty(),
        List.of());

    assertThatThrownBy(() -> adapter.mount(remote, STORE))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("line break")
        .hasMessageNotContaining("two");
    assertThat(credentials()).doesNotExist();
  }

  @Test
  void mountsABlockDeviceAsNamedWithItsOptions() throws IOException {
    runner.expect(
        List.of("mount", "-o", "noatime,nodev", "UUID=0b5e-11", mountPoint().toString()));
    runner.expect("umount " + mountPoint());

    MountedRemote mounted =
        adapter().mount(new Remote.Block("UUID=0b5e-11", List.of("noatime", "nodev")), STORE);
    mounted.close();
    mounted.close();

    assertThat(mountPoint()).doesNotExist();
  }

  @Test
  void mountsABlockDeviceWithoutOptions() throws IOException {
    runner.expect(List.of("mount", "LABEL=backup", mountPoint().toString()));

    adapter().mount(new Remote.Block("LABEL=backup", List.of()), STORE);
  }

  @Test
  void usesALocalDirectoryWithoutMountingAndClosesWithoutUnmounting() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("usb"));

    MountedRemote mounted = adapter().mount(new Remote.Local(dir), STORE);
    mounted.close();

    assertThat(mounted.directory()).isEqualTo(dir);
    assertThat(mounted.space().totalBytes()).isPositive();
    assertThat(runner.seen()).isEmpty();
  }

  @Test
  void refusesAMissingLocalDirectory() throws IOException {
    LinuxRemoteMount adapter = adapter();

    assertThatThrownBy(() -> adapter.mount(new Remote.Local(temp.resolve("absent")), STORE))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void refusesARuntimeDirectoryOpenToOthersAndLeavesItsModeAlone() throws IOException {
    Files.createDirectories(runtime());
    Files.setPosixFilePermissions(runtime(), PosixFilePermissions.fromString("rwxrwxrwx"));
    LinuxRemoteMount adapter = adapter();

    assertThatThrownBy(() -> adapter.mount(new Remote.Block("/dev/sdb1", List.of()), STORE))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("open to other users");
    assertThat(Files.getPosixFilePermissions(runtime()))
        .isEqualTo(PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  @Test
  void retriesAnUnmountWhileTheMountIsBusy() throws IOException {
    runner.expect(List.of("mount", "/dev/sdb1", mountPoint().toString()));
    runner
        .expect("umount " + mountPoint())
        .fails(32, "umount: " + mountPoint() + ": target is busy.");
    runner
        .expect("umount " + mountPoint())
        .fails(32, "umount: " + mountPoint() + ": target is busy.");
    runner.expect("umount " + mountPoint());

    adapter().mount(new Remote.Block("/dev/sdb1", List.of()), STORE).close();

    assertThat(pauses).hasSize(2);
  }

  @Test
  void givesUpOnABusyMountAfterAFewAttempts() throws IOException {
    runner.expect(List.of("mount", "/dev/sdb1", mountPoint().toString()));
    for (int i = 0; i < Unmounter.ATTEMPTS; i++) {
      runner.expect("umount " + mountPoint()).fails(32, "umount: target is busy.");
    }
    MountedRemote mounted = adapter().mount(new Remote.Block("/dev/sdb1", List.of()), STORE);

    assertThatThrownBy(mounted::close)
        .isInstanceOfSatisfying(
            StepFailedException.class, e -> assertThat(e.step()).isEqualTo(Step.UNMOUNT_REMOTE));
  }

  @Test
  void cleanUpUnmountsThisStoresLeftoverMountAndRemovesAStaleCredentialsFile() throws IOException {
    Files.createDirectories(mountPoint());
    Files.writeString(credentials(), "password=old");
    Files.writeString(
        mountinfo(),
        "22 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n" + "97 22 0:52 / " + mountPoint()
            + " rw,relatime shared:50 - cifs //nas/backups rw\n");
    runner.expect("umount " + mountPoint());

    adapter().cleanUp(STORE);

    assertThat(credentials()).doesNotExist();
  }

  @Test
  void cleanUpLeavesOtherStoresAndUnmountedDirectoriesAlone() throws IOException {
    Path other = runtime().resolve("other-store-99999999").resolve("remote");
    Files.createDirectories(mountPoint());
    Files.writeString(
        mountinfo(),
        "22 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n" + "97 22 0:52 / " + other
            + " rw,relatime shared:50 - cifs //nas/other rw\n");

    adapter().cleanUp(STORE);

    assertThat(runner.seen()).isEmpty();
  }

  @Test
  void refusesToMountOverAMountThatIsStillThere() throws IOException {
    Files.writeString(
        mountinfo(), "97 22 0:52 / " + mountPoint() + " rw - cifs //nas/backups rw\n");
    LinuxRemoteMount adapter = adapter();

    assertThatThrownBy(() -> adapter.mount(new Remote.Block("/dev/sdb1", List.of()), STORE))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("mounted already");
  }

  private static void assertNoSecretIn(List<Command> commands) {
    for (Command command : commands) {
      assertThat(command.arguments()).noneMatch(a -> a.contains(PASSWORD) || a.contains("pa55"));
      assertThat(command.commandLine()).doesNotContain("pa55");
      assertThat(command.stdin()).isEmpty();
    }
  }
}
