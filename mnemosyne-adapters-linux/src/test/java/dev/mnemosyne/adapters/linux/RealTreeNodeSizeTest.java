package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.model.Compression;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.model.TreeNodeSize;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code store.nodeSize} on real btrfs: the filesystem has the nodes asked for (4 KiB without the
 * setting, on a machine with 4 KiB pages), works as a store, and after a snapshot a few scattered small changes cost
 * less metadata with 4 KiB nodes, which is what the setting is for.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class RealTreeNodeSizeTest {
  @RegisterExtension
  static final RealHost host = new RealHost();

  private static final StoreId STORE = new StoreId("nodesize-test-1234abcd");
  private static final Pattern NODE_SIZE = Pattern.compile("(?m)^nodesize\\s+(\\d+)$");
  private static final Pattern METADATA_USED =
      Pattern.compile("Metadata, \\S+: total=\\d+, used=(\\d+)");
  private static final int FILES = 2000;

  /** A filesystem made by the adapter on a loop device of its own. */
  private record Made(BtrfsFilesystem btrfs, Path device) {
    MountedFilesystem mount() {
      return btrfs.mount(device, STORE, Compression.DEFAULT);
    }
  }

  private static Made made(String name, TreeNodeSize nodeSize) {
    FreshDevices fresh = new FreshDevices();
    BtrfsFilesystem btrfs = new BtrfsFilesystem(
        host.context(Duration.ofMinutes(2)), fresh, new MountTable(MountTable.MOUNTINFO));
    Path device = host.newLoopDevice(name, 512L << 20);
    fresh.created(device);
    btrfs.makeFilesystem(device, "nodesize", nodeSize);
    return new Made(btrfs, device);
  }

  @ParameterizedTest
  @CsvSource({"KIB_16, 16384", "KIB_4, 4096", "KIB_64, 65536"})
  void theFilesystemHasTheNodesAskedForAndKeepsASnapshot(TreeNodeSize nodeSize, int expected)
      throws IOException {
    Made made = made("made-" + expected, nodeSize);

    assertThat(nodeSizeOf(made.device())).isEqualTo(expected);
    try (MountedFilesystem fs = made.mount()) {
      fs.createSubvolume("home.0");
      Files.writeString(fs.root().resolve("home.0/a.txt"), "one");
      fs.snapshotReadOnly("home.0", "home.1");
      Files.writeString(fs.root().resolve("home.0/a.txt"), "two");
      assertThat(fs.root().resolve("home.1/a.txt")).hasContent("one");
    }
  }

  @Test
  void theDefaultIsFourKibibyteNodesWherePagesAreFourKibibytes() {
    int page = PageSize.ofThisProcess();
    Made made = made("made-default", TreeNodeSize.DEFAULT);

    assertThat(nodeSizeOf(made.device()))
        .as("nodes by default with pages of %s bytes", page)
        .isEqualTo(page == 4096 ? 4096 : Math.max(16384, page));
  }

  @Test
  void scatteredSmallChangesAfterASnapshotCostLessMetadataWithSmallNodes() throws IOException {
    long small = metadataOfScatteredChanges(made("churn-4k", TreeNodeSize.KIB_4));
    long standard = metadataOfScatteredChanges(made("churn-16k", TreeNodeSize.KIB_16));

    assertThat(small)
        .as("metadata grown with 4 KiB nodes, against %s bytes with 16 KiB", standard)
        .isPositive()
        .isLessThan(standard * 3 / 4);
  }

  /** Writes FILES small files, snapshots them, rewrites 2 % of them; the metadata that grew. */
  private static long metadataOfScatteredChanges(Made made) throws IOException {
    Random random = new Random(42);
    try (MountedFilesystem fs = made.mount()) {
      fs.createSubvolume("mail.0");
      Path live = fs.root().resolve("mail.0");
      for (int i = 0; i < FILES; i++) {
        Path dir = Files.createDirectories(live.resolve("d" + (i % 40)));
        Files.write(dir.resolve("m" + i), bytes(random, 200 + random.nextInt(3000)));
      }
      fs.snapshotReadOnly("mail.0", "mail.1");
      long before = metadataUsed(fs.root());
      for (int i = 0; i < FILES; i += 50) {
        Files.write(live.resolve("d" + (i % 40)).resolve("m" + i), bytes(random, 1000));
      }
      return metadataUsed(fs.root()) - before;
    }
  }

  private static byte[] bytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  private static int nodeSizeOf(Path device) {
    Matcher m = NODE_SIZE.matcher(
        RealHost.run("btrfs", "inspect-internal", "dump-super", device.toString()));
    assertThat(m.find()).as("dump-super names the node size").isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static long metadataUsed(Path root) {
    RealHost.run("btrfs", "filesystem", "sync", root.toString());
    Matcher m =
        METADATA_USED.matcher(RealHost.run("btrfs", "filesystem", "df", "-b", root.toString()));
    assertThat(m.find()).as("btrfs filesystem df names the metadata used").isTrue();
    return Long.parseLong(m.group(1));
  }
}
