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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store's entries are read with one {@code btrfs subvolume list} for all its subvolumes, and
 * give the same answers as asking btrfs about each subvolume on its own.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class RealBtrfsSubvolumeListingTest {
  @RegisterExtension
  static final RealHost host = new RealHost();

  private final List<String> commands = new ArrayList<>();

  private MountedFilesystem mountFresh() {
    AdapterContext real = host.context(Duration.ofMinutes(2));
    CommandRunner recording = command -> {
      commands.add(command.commandLine());
      return real.runner().run(command);
    };
    AdapterContext context =
        new AdapterContext(recording, real.runtimeDirectory(), Optional.empty(), Pauses.REAL);
    FreshDevices fresh = new FreshDevices();
    Path device = host.newLoopDevice("btrfs", 160L << 20);
    fresh.created(device);
    BtrfsFilesystem btrfs =
        new BtrfsFilesystem(context, fresh, new MountTable(MountTable.MOUNTINFO));
    btrfs.makeFilesystem(device, "listing");
    return btrfs.mount(device, new StoreId("listing"));
  }

  @Test
  void readOnlyAnswersMatchBtrfsPropertyOfEachSubvolume() throws Exception {
    try (MountedFilesystem fs = mountFresh()) {
      fs.createSubvolume("docs.0");
      for (int i = 1; i <= 12; i++) {
        fs.snapshotReadOnly("docs.0", "docs." + i);
      }
      fs.createSubvolume("with space.0");
      fs.snapshotReadOnly("with space.0", "with space.1");
      fs.writeState("docs.sync", "complete 1\n");
      // Subvolumes below the top directory are no entries, read-only or not.
      Files.createDirectory(fs.root().resolve("plain"));
      RealHost.run(
          "btrfs",
          "subvolume",
          "snapshot",
          "-r",
          fs.root().resolve("docs.0").toString(),
          fs.root().resolve("plain").resolve("docs.0").toString());
      RealHost.run(
          "btrfs",
          "subvolume",
          "create",
          fs.root().resolve("docs.0").resolve("docs.1").toString());
      commands.clear();

      List<Entry> entries = fs.entries();

      assertThat(entries)
          .extracting(Entry::name)
          .containsExactlyInAnyOrder(
              "docs.0",
              "docs.1",
              "docs.2",
              "docs.3",
              "docs.4",
              "docs.5",
              "docs.6",
              "docs.7",
              "docs.8",
              "docs.9",
              "docs.10",
              "docs.11",
              "docs.12",
              "with space.0",
              "with space.1",
              "docs.sync",
              "plain");
      for (Entry entry : entries) {
        if (entry.kind() == Entry.Kind.SUBVOLUME) {
          String property = RealHost.run(
                  "btrfs",
                  "property",
                  "get",
                  "-ts",
                  fs.root().resolve(entry.name()).toString(),
                  "ro")
              .trim();
          assertThat(entry.readOnly())
              .as(entry.name() + ": " + property)
              .isEqualTo(property.equals("ro=true"));
        } else {
          assertThat(entry.readOnly()).as(entry.name()).isFalse();
        }
      }
      assertThat(entries)
          .contains(
              new Entry("docs.0", Entry.Kind.SUBVOLUME, false),
              new Entry("docs.12", Entry.Kind.SUBVOLUME, true),
              new Entry("with space.1", Entry.Kind.SUBVOLUME, true),
              new Entry("plain", Entry.Kind.OTHER, false),
              new Entry("docs.sync", Entry.Kind.FILE, false));
      assertThat(commands).hasSize(1).allMatch(c -> c.startsWith("btrfs subvolume list -o -r "));
    }
  }

  @Test
  void aStoreWithoutSubvolumesIsListedWithoutRunningBtrfs() throws Exception {
    try (MountedFilesystem fs = mountFresh()) {
      fs.writeState("docs.last", "1732712345\n");
      commands.clear();

      assertThat(fs.entries()).containsExactly(new Entry("docs.last", Entry.Kind.FILE, false));
      assertThat(commands).isEmpty();
    }
  }

  @Test
  void listLinesGiveThePathAfterTopLevel() {
    assertThat(BtrfsFilesystem.subvolumeListPath("ID 257 gen 9 top level 5 path docs.1"))
        .contains("docs.1");
    assertThat(BtrfsFilesystem.subvolumeListPath("ID 258 gen 8 top level 5 path we ird.1"))
        .contains("we ird.1");
    assertThat(BtrfsFilesystem.subvolumeListPath("ERROR: can't access")).isEmpty();
  }
}
