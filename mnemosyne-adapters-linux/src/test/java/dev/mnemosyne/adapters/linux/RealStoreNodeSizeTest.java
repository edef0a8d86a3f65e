package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.SnapshotFilesystem.Entry;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** New stores get 4 KiB tree nodes; a store made with btrfs's default 16 KiB nodes keeps working. */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class RealStoreNodeSizeTest {
  @RegisterExtension
  static final RealHost host = new RealHost();

  private static final Pattern NODE_SIZE = Pattern.compile("(?m)^nodesize\\s+(\\d+)$");

  private final FreshDevices fresh = new FreshDevices();
  private final BtrfsFilesystem btrfs = new BtrfsFilesystem(
      host.context(Duration.ofMinutes(2)), fresh, new MountTable(MountTable.MOUNTINFO));

  private static int nodeSize(Path device) {
    Matcher m = NODE_SIZE.matcher(
        RealHost.run("btrfs", "inspect-internal", "dump-super", device.toString()));
    assertThat(m.find()).as("nodesize in dump-super").isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void aNewStoreHasFourKiBNodes() {
    Path device = host.newLoopDevice("new", 160L << 20);
    fresh.created(device);

    btrfs.makeFilesystem(device, "new");

    assertThat(nodeSize(device)).isEqualTo(4096);
  }

  @Test
  void aStoreMadeWithTheDefaultNodesIsUsedAsItIs() throws Exception {
    Path device = host.newLoopDevice("old", 160L << 20);
    RealHost.run("mkfs.btrfs", "-q", "-L", "old", device.toString());
    assertThat(nodeSize(device)).isEqualTo(16384);

    try (MountedFilesystem fs = btrfs.mount(device, new StoreId("old-nodes"))) {
      fs.createSubvolume("docs.0");
      Files.writeString(fs.root().resolve("docs.0/letter.txt"), "kept");
      fs.snapshotReadOnly("docs.0", "docs.1");
      fs.writeState("docs.sync", "complete 1\n");

      assertThat(fs.entries())
          .contains(
              new Entry("docs.0", Entry.Kind.SUBVOLUME, false),
              new Entry("docs.1", Entry.Kind.SUBVOLUME, true));
      assertThat(fs.root().resolve("docs.1/letter.txt")).hasContent("kept");
    }
    assertThat(nodeSize(device)).isEqualTo(16384);
  }
}
