package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.MountedStore;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.StoreSpec;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import dev.mnemosyne.testkit.TestClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A big file changed in scattered 16 KiB pieces costs the kept point about the changed bytes:
 * the live copy's exclusive extents after the rotation are what rsync rewrote. rsync's own block
 * (8 KiB for this file) rewrites up to half as much again, and {@code --sparse} on an update
 * several times as much.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS, Capability.RSYNC})
class RealBigFileHistoryTest {
  private static final int SIZE = 64 << 20;
  private static final int PIECE = 16 << 10;
  private static final int PIECES = 16;

  @RegisterExtension
  static final RealHost host = new RealHost();

  @Test
  void aScatteredChangeToABigFileCostsTheKeptPointAboutTheChangedBytes() throws IOException {
    Path disks = host.newDirectory("disks");
    Path image = disks.resolve("disk.img");
    Random random = new Random(17);
    byte[] data = new byte[SIZE];
    random.nextBytes(data);
    Files.write(image, data);
    BackupConfig config = new BackupConfig(
        new Remote.Local(host.newDirectory("nas")),
        new StoreSpec("store.img", 1, Encryption.NONE, Optional.empty(), Optional.empty()),
        RotationPolicy.ofHours(3, 24),
        List.of(new SourceDirectory(new StageKey("disks"), disks, List.of())));
    TestClock clock = TestClock.create();
    Mnemosyne mnemosyne = host.mnemosyne(clock);
    mnemosyne.initStore(config);
    assertThat(mnemosyne.backup(config).failure()).isEmpty();
    byte[] before = data.clone();
    try (FileChannel file = FileChannel.open(image, StandardOpenOption.WRITE)) {
      for (long offset : scatteredOffsets(random)) {
        byte[] piece = new byte[PIECE];
        random.nextBytes(piece);
        file.write(ByteBuffer.wrap(piece), offset);
      }
    }
    Files.setLastModifiedTime(image, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    clock.advance(Duration.ofHours(25));

    assertThat(mnemosyne.backup(config).failure()).isEmpty();

    try (MountedStore store = mnemosyne.mount(config)) {
      assertThat(Files.readAllBytes(store.root().resolve("disks.0/disk.img")))
          .isEqualTo(Files.readAllBytes(image));
      assertThat(Files.readAllBytes(store.root().resolve("disks.1/disk.img"))).isEqualTo(before);
      RealHost.run("btrfs", "filesystem", "sync", store.root().toString());
      long rewritten = exclusiveBytes(store.root().resolve("disks.0"));
      long changed = (long) PIECES * PIECE;
      assertThat(rewritten)
          .as("bytes rewritten for %s changed", changed)
          .isBetween(changed, changed * 110 / 100);
    }
  }

  /** {@link #PIECES} offsets, 4 KiB aligned, whose pieces neither overlap nor touch. */
  private static TreeSet<Long> scatteredOffsets(Random random) {
    TreeSet<Long> offsets = new TreeSet<>();
    while (offsets.size() < PIECES) {
      long offset = (long) random.nextInt((SIZE - PIECE) / 4096) * 4096;
      Long below = offsets.floor(offset);
      Long above = offsets.ceiling(offset);
      if ((below == null || offset - below > 2L * PIECE)
          && (above == null || above - offset > 2L * PIECE)) {
        offsets.add(offset);
      }
    }
    return offsets;
  }

  /** What only {@code subvolume} references: {@code btrfs filesystem du}'s exclusive bytes. */
  private static long exclusiveBytes(Path subvolume) {
    List<String> lines = RealHost.run(
            "btrfs", "filesystem", "du", "-s", "--raw", subvolume.toString())
        .lines()
        .toList();
    return Long.parseLong(lines.get(lines.size() - 1).trim().split("\\s+")[1]);
  }
}
