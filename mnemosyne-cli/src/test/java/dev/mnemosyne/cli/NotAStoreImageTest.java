package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Store images that are not mnemosyne stores, with the real tools: whatever is wrong with the
 * image, {@code --backup}, {@code --list} and their dry runs exit 7 ("not a mnemosyne store" or
 * "not a LUKS volume"), never 1 with mount's "can't read superblock", and the image is the same
 * byte for byte afterwards.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class NotAStoreImageTest {
  private static final String KEY = "0123456789abcdef".repeat(4);

  /** What lies where the store image should be. */
  enum Damage {
    EMPTY,
    RANDOM_BYTES,
    EXT4,
    TRUNCATED,
    ZEROED_SUPERBLOCK
  }

  @TempDir
  Path temp;

  private Path remote;
  private Path source;
  private Path image;

  @BeforeEach
  void layOut() throws IOException {
    remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("docs"));
    Files.writeString(source.resolve("a.txt"), "one");
    image = remote.resolve("test.btrfs");
  }

  @AfterEach
  void nothingIsLeftMounted() throws Exception {
    try {
      assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
      assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
    } finally {
      HostCleanup.release(temp);
    }
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void anUnencryptedImageThatIsNoStoreIsRefusedWithSevenAndLeftUntouched(Damage damage)
      throws Exception {
    Path config = TestConfigs.unencryptedLocal(temp, remote, 2, 0, source);
    if (damage == Damage.TRUNCATED || damage == Damage.ZEROED_SUPERBLOCK) {
      CliRun init = call(config, "--init-store");
      assertThat(init.code()).as(init.toString()).isZero();
    }
    lay(damage);
    String before = sha256(image);

    for (String[] args : new String[][] {{"--backup"}, {"--list"}, {"--backup", "--dry-run"}}) {
      CliRun run = call(config, args);
      assertThat(run.code()).as(String.join(" ", args) + "\n" + run).isEqualTo(7);
      assertThat(run.err())
          .contains("is not a mnemosyne store", image.toString())
          .doesNotContain("can't read superblock", "Exception", "\tat ");
    }
    assertThat(sha256(image)).as("the image is unchanged").isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(
      value = Damage.class,
      names = {"EMPTY", "RANDOM_BYTES", "EXT4"})
  void anEncryptedStoresImageThatIsNotLuksIsRefusedWithSevenAndLeftUntouched(Damage damage)
      throws Exception {
    Path keyFile = temp.resolve("keys/store.key");
    Files.createDirectories(keyFile.getParent());
    Files.writeString(keyFile, KEY);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Path config = TestConfigs.encryptedLocal(temp, remote, keyFile, source);
    lay(damage);
    String before = sha256(image);

    for (String[] args : new String[][] {{"--backup"}, {"--backup", "--dry-run"}}) {
      CliRun run = call(config, args);
      assertThat(run.code()).as(String.join(" ", args) + "\n" + run).isEqualTo(7);
      assertThat(run.err())
          .contains("is not a LUKS volume")
          .doesNotContain("Exception", "\tat ", KEY);
    }
    assertThat(sha256(image)).as("the image is unchanged").isEqualTo(before);
  }

  private void lay(Damage damage) throws IOException {
    switch (damage) {
      case EMPTY -> Files.write(image, new byte[0]);
      case RANDOM_BYTES -> {
        byte[] noise = new byte[8 << 20];
        new Random(11).nextBytes(noise);
        Files.write(image, noise);
      }
      case EXT4 -> {
        assertThat(HostProcesses.run("truncate", "-s", "64M", image.toString())).isZero();
        assertThat(HostProcesses.run("mkfs.ext4", "-q", "-F", image.toString())).isZero();
      }
      case TRUNCATED -> {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
          file.setLength(file.length() / 2);
        }
      }
      case ZEROED_SUPERBLOCK -> {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
          file.seek(64 * 1024);
          file.write(new byte[4096]);
        }
      }
    }
  }

  private CliRun call(Path config, String... args) {
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("-c", config.toString())).toArray(String[]::new);
    return CliRun.call(new LinuxWiring(), temp.resolve("run"), all);
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
