package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparse files through the real command, real rsync and a real btrfs store of 1 GB: a VM image
 * of 1.5 GiB that holds a few KiB takes a few KiB in the store, stays sparse and equal to its
 * source when it is updated in place (data where there were holes, zeros where there was data, up
 * to its last byte), and is restored sparse. One that appears after the first copy is written
 * with its zeros, which the store's compression keeps small.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class SparseFilesTest {
  private static final long GIB = 1L << 30;
  /** Far more than the data written (a few blocks), far less than the files' sizes. */
  private static final long AT_MOST_ALLOCATED = 4L << 20;

  @TempDir
  Path temp;

  private Path runtime;
  private Path source;
  private Path config;

  @BeforeEach
  void layOut() throws IOException {
    runtime = temp.resolve("run");
    Path remote = Files.createDirectories(temp.resolve("remote"));
    source = Files.createDirectories(temp.resolve("docs"));
    config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    try {
      assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
      assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
    } finally {
      HostCleanup.release(temp);
    }
  }

  @Test
  void sparseFilesStaySparseInTheStoreWhenUpdatedInPlaceAndWhenRestored() throws Exception {
    Path image = source.resolve("vm.img");
    sparse(image, GIB + GIB / 2);
    writeAt(image, 700L << 20, filled(4096, (byte) 'a'));
    writeAt(image, GIB + GIB / 2 - 4096, filled(4096, (byte) 'e'));
    Path small = source.resolve("db.sparse");
    sparse(small, 200L << 20);
    writeAt(small, 0, filled(4096, (byte) 'b'));
    writeAt(small, 150L << 20, filled(4096, (byte) 'c'));
    assertThat(allocated(image)).as("the source itself is sparse").isLessThan(AT_MOST_ALLOCATED);
    succeeds("--init-store");

    succeeds("--backup");
    assertStoreCopySparseAndEqual(image, small);

    // The image changes in place: new data in a hole, old data overwritten by zeros, also at its
    // very end
    // (which rsync before 3.3.0 left as it was).
    writeAt(image, 1200L << 20, filled(8192, (byte) 'd'));
    writeAt(image, 700L << 20, new byte[4096]);
    writeAt(image, GIB + GIB / 2 - 4096, new byte[4096]);
    Files.setLastModifiedTime(image, FileTime.from(Instant.now().plusSeconds(5)));
    succeeds("--backup");
    assertStoreCopySparseAndEqual(image, small);

    Path target = temp.resolve("restored");
    succeeds("--restore", "docs", "--target", target.toString());
    for (Path file : new Path[] {image, small}) {
      Path restored = target.resolve(file.getFileName().toString());
      assertThat(Files.size(restored)).isEqualTo(Files.size(file));
      assertThat(allocated(restored)).as("restored %s", restored).isLessThan(AT_MOST_ALLOCATED);
      assertThat(HostProcesses.run("cmp", "-s", file.toString(), restored.toString()))
          .as("content of " + restored)
          .isZero();
    }
  }

  @Test
  void aSparseImageThatAppearsAfterTheFirstCopyFitsTheCompressedStore() throws Exception {
    Files.writeString(source.resolve("notes.txt"), "the first copy");
    succeeds("--init-store");
    succeeds("--backup");
    Path image = source.resolve("late.img");
    sparse(image, GIB + GIB / 2);
    writeAt(image, 900L << 20, filled(4096, (byte) 'l'));

    // Updates leave --sparse out, so its zeros are written; zstd keeps them small enough that
    // the 1.5 GiB image fits the 1 GB store.
    succeeds("--backup");

    EndToEndTest.MountRun mount =
        EndToEndTest.MountRun.start(() -> CliRun.linuxCli(runtime), config);
    try {
      Path copy = mount.root().resolve("docs.0/late.img");
      assertThat(HostProcesses.run("cmp", "-s", image.toString(), copy.toString()))
          .as("content of " + copy)
          .isZero();
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
  }

  private void assertStoreCopySparseAndEqual(Path... files) throws Exception {
    EndToEndTest.MountRun mount =
        EndToEndTest.MountRun.start(() -> CliRun.linuxCli(runtime), config);
    try {
      Path live = mount.root().resolve("docs.0");
      for (Path file : files) {
        Path copy = live.resolve(file.getFileName().toString());
        assertThat(Files.size(copy)).isEqualTo(Files.size(file));
        assertThat(allocated(copy))
            .as("space %s takes in the store", copy)
            .isLessThan(AT_MOST_ALLOCATED);
        assertThat(HostProcesses.run("cmp", "-s", file.toString(), copy.toString()))
            .as("content of " + copy)
            .isZero();
      }
    } finally {
      assertThat(mount.interrupt()).isEqualTo(130);
    }
  }

  private void succeeds(String... args) {
    String[] withConfig = Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    CliRun run = CliRun.call(new LinuxWiring(), runtime, withConfig);
    assertThat(run.code()).as(run.toString()).isZero();
  }

  /** The bytes a file takes on its filesystem, as {@code stat} counts its blocks (after a sync). */
  private static long allocated(Path file) {
    assertThat(HostProcesses.run("sync", "-f", file.toString())).isZero();
    String[] blocks =
        HostProcesses.output("stat", "-c", "%b %B", file.toString()).trim().split(" ");
    return Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
  }

  private static void sparse(Path file, long size) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
  }

  private static void writeAt(Path file, long offset, byte[] data) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      raf.write(data);
    }
  }

  private static byte[] filled(int length, byte value) {
    byte[] data = new byte[length];
    Arrays.fill(data, value);
    return data;
  }
}
