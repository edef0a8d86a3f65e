package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.model.Compression;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code store.compression} on real btrfs: the store is mounted with its {@code compress=}
 * option, text written under it takes a fraction of its size on disk, and {@code btrfs
 * filesystem du} (what {@code --list} shows) counts the logical, uncompressed bytes.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class RealCompressionTest {
  @RegisterExtension
  static final RealHost host = new RealHost();

  private static final StoreId STORE = new StoreId("compression-test-1234abcd");
  private static final long TEXT_BYTES = 16L << 20;
  private static final Pattern DATA_USED = Pattern.compile("Data, \\S+: total=\\d+, used=(\\d+)");

  private BtrfsFilesystem btrfs;
  private Path device;

  @BeforeEach
  void setUp() {
    FreshDevices fresh = new FreshDevices();
    btrfs = new BtrfsFilesystem(
        host.context(Duration.ofMinutes(2)), fresh, new MountTable(MountTable.MOUNTINFO));
    device = host.newLoopDevice("compression", 512L << 20);
    fresh.created(device);
    btrfs.makeFilesystem(device, "compression");
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void theStoreIsMountedWithItsCompressionOption(Compression compression) {
    try (MountedFilesystem fs = btrfs.mount(device, STORE, compression)) {
      String options = mountOptions(fs.root());
      if (compression == Compression.NONE) {
        assertThat(options).doesNotContain("compress");
      } else {
        assertThat(options).contains(compression.mountOption().orElseThrow());
      }
      assertThat(options).contains("noatime");
    }
  }

  @Test
  void textWrittenWithZstdTakesAFractionOfItsSizeAndIsListedAtItsFullSize() throws IOException {
    long zstd;
    long plain;
    try (MountedFilesystem fs = btrfs.mount(device, STORE, Compression.ZSTD_1)) {
      fs.createSubvolume("docs.0");
      long before = dataUsed(fs.root());
      writeText(fs.root().resolve("docs.0/text.txt"), 1);
      zstd = dataUsed(fs.root()) - before;
      assertThat(BtrfsFilesystem.diskUsage(RealHost.run(
                      "btrfs",
                      "filesystem",
                      "du",
                      "-s",
                      "--raw",
                      fs.root().resolve("docs.0").toString())
                  .lines()
                  .toList())
              .get(0))
          .as("btrfs filesystem du counts logical bytes")
          .hasValueSatisfying(b -> assertThat(b).isGreaterThanOrEqualTo(TEXT_BYTES));
    }
    try (MountedFilesystem fs = btrfs.mount(device, STORE, Compression.NONE)) {
      long before = dataUsed(fs.root());
      writeText(fs.root().resolve("docs.0/plain.txt"), 2);
      plain = dataUsed(fs.root()) - before;
      assertThat(fs.root().resolve("docs.0/text.txt"))
          .as("what zstd wrote reads back without it")
          .isRegularFile();
      assertThat(Files.size(fs.root().resolve("docs.0/text.txt"))).isEqualTo(TEXT_BYTES);
    }
    assertThat(plain).as("uncompressed").isGreaterThanOrEqualTo(TEXT_BYTES);
    assertThat(zstd).as("zstd:1, against %s uncompressed", plain).isLessThan(plain / 2);
  }

  /** 16 MiB of lines of words, as logs and documents are: zstd stores it in about a third. */
  private static void writeText(Path file, long seed) throws IOException {
    String[] words = {
      "backup",
      "store",
      "stage",
      "rotation",
      "snapshot",
      "restore",
      "key",
      "volume",
      "remote",
      "the",
      "a",
      "of",
      "and",
      "mnemosyne",
      "2026-12-01",
      "error",
      "info",
      "copied",
      "files",
      "bytes"
    };
    Random random = new Random(seed);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      long written = 0;
      while (written < TEXT_BYTES) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 12; i++) {
          line.append(words[random.nextInt(words.length)]).append(i == 11 ? '\n' : ' ');
        }
        String text = line.length() + written > TEXT_BYTES
            ? line.substring(0, (int) (TEXT_BYTES - written))
            : line.toString();
        out.write(text);
        written += text.length();
      }
    }
  }

  /** The data bytes btrfs has allocated on disk ({@code btrfs filesystem df}), after committing. */
  private static long dataUsed(Path root) {
    RealHost.run("btrfs", "filesystem", "sync", root.toString());
    Matcher m = DATA_USED.matcher(RealHost.run("btrfs", "filesystem", "df", "-b", root.toString()));
    assertThat(m.find()).as("btrfs filesystem df names the data used").isTrue();
    return Long.parseLong(m.group(1));
  }

  private static String mountOptions(Path mountPoint) {
    try {
      return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
          .map(l -> l.split(" "))
          .filter(f -> f[1].equals(mountPoint.toString()))
          .map(f -> f[3])
          .findFirst()
          .orElse("(not mounted)");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
