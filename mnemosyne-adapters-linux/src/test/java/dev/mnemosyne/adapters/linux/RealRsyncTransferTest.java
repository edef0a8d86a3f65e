package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.port.MirrorOptions;
import dev.mnemosyne.core.port.Transfer;
import dev.mnemosyne.core.port.TransferResult;
import dev.mnemosyne.core.port.TransferResult.Completeness;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import dev.mnemosyne.testkit.TransferContract;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** rsync on real trees: the transfer contract, plus what only rsync does (ACLs, xattrs, vanishing files). */
@RequiresCapability({Capability.RSYNC, Capability.ACL_TOOLS})
class RealRsyncTransferTest extends TransferContract {
  private final List<String> output = new ArrayList<>();

  @Override
  protected Transfer transfer() {
    return new RsyncTransfer(context(), output::add);
  }

  private static AdapterContext context() {
    return new AdapterContext(
        new ExecCommandRunner(Executables.fromPath(), java.time.Duration.ofMinutes(5), l -> {}),
        Path.of("/nonexistent-runtime"),
        Optional.empty(),
        Pauses.REAL);
  }

  private Path dir(String name) throws IOException {
    return Files.createDirectories(workDirectory.resolve(name));
  }

  private static String run(String... command) {
    return RealHost.run(command);
  }

  @Test
  void keepsAclsExtendedAttributesAndOwnership() throws IOException {
    Path source = dir("acl-source");
    Path target = dir("acl-target");
    Path file = Files.writeString(source.resolve("shared.txt"), "shared");
    run("setfacl", "-m", "u:4321:rw", file.toString());
    run("setfattr", "-n", "user.origin", "-v", "camera", file.toString());
    run("chown", "1234:5678", file.toString());

    TransferResult result = transfer().mirror(source, target, MirrorOptions.defaults(), p -> {});

    Path copy = target.resolve("shared.txt");
    assertThat(result.completeness()).isEqualTo(Completeness.COMPLETE);
    assertThat(run("getfacl", "--omit-header", "--numeric", copy.toString()))
        .contains("user:4321:rw-");
    assertThat(run(
            "getfattr", "--absolute-names", "--only-values", "-n", "user.origin", copy.toString()))
        .isEqualTo("camera");
    assertThat(Files.getAttribute(copy, "unix:uid")).isEqualTo(1234);
    assertThat(Files.getAttribute(copy, "unix:gid")).isEqualTo(5678);
  }

  @Test
  void updatesChangedFilesInPlace() throws IOException {
    Path source = dir("inplace-source");
    Path target = dir("inplace-target");
    Path file = source.resolve("big.bin");
    byte[] data = new byte[1 << 20];
    new java.util.Random(3).nextBytes(data);
    Files.write(file, data);
    transfer().mirror(source, target, MirrorOptions.defaults(), p -> {});
    Object inode = Files.getAttribute(target.resolve("big.bin"), "unix:ino");
    data[100] ^= 1;
    Files.write(file, data);
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

    TransferResult result = transfer().mirror(source, target, MirrorOptions.defaults(), p -> {});

    assertThat(Files.readAllBytes(target.resolve("big.bin"))).isEqualTo(data);
    assertThat(Files.getAttribute(target.resolve("big.bin"), "unix:ino")).isEqualTo(inode);
    assertThat(result.stats().filesTransferred()).isEqualTo(1);
  }

  @Test
  void aSparseFileUpdatedInPlaceStaysSparseAndEqualToItsSourceUpToItsEnd() throws IOException {
    Path source = dir("sparse-source");
    Path target = dir("sparse-target");
    Path file = source.resolve("disk.img");
    long size = 64L << 20;
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
      raf.seek(size - 4096);
      raf.write(new byte[4096]);
      raf.seek(size - 4096);
      raf.write("the tail".repeat(512).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    transfer().mirror(source, target, MirrorOptions.defaults(), p -> {});
    Path copy = target.resolve("disk.img");
    assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(file));
    // Its tail becomes a hole: an rsync older than 3.3.0 would keep the old tail in the copy.
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(size - 4096);
      raf.write(new byte[4096]);
      raf.seek(1 << 20);
      raf.write(1);
    }
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

    transfer().mirror(source, target, MirrorOptions.defaults(), p -> {});

    assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(file));
    assertThat(Long.parseLong(run("stat", "-c", "%b", copy.toString()).trim()) * 512)
        .as("allocated")
        .isLessThan(1L << 20);
  }

  @Test
  void aSameSizeChangeWithinTheSameSecondIsCopied() throws IOException {
    Path source = dir("same-second-source");
    Path target = dir("same-second-target");
    Path file = source.resolve("note.txt");
    java.nio.file.attribute.FileTime second =
        java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2026-01-01T10:00:00.100Z"));
    Files.writeString(file, "one");
    Files.setLastModifiedTime(file, second);
    transfer().mirror(source, target, MirrorOptions.defaults(), p -> {});
    Files.writeString(file, "two");
    Files.setLastModifiedTime(
        file,
        java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2026-01-01T10:00:00.900Z")));

    transfer().mirror(source, target, MirrorOptions.defaults(), p -> {});

    assertThat(target.resolve("note.txt")).hasContent("two");
  }

  @Test
  void filesVanishingWhileTheCopyRunsStillMakeACompleteCopyWithAWarning() throws Exception {
    Path source = dir("vanish-source");
    Path target = dir("vanish-target");
    try (OutputStream out = Files.newOutputStream(source.resolve("a-first.bin"))) {
      byte[] block = new byte[1 << 20];
      for (int i = 0; i < 256; i++) {
        out.write(block);
      }
    }
    for (int i = 0; i < 20; i++) {
      Files.writeString(source.resolve(String.format("z-%03d.txt", i)), "short-lived " + i);
    }
    // Once rsync writes the first file, the others are in its file list; delete them before it gets
    // to them.
    AtomicBoolean deleted = new AtomicBoolean();
    Thread remover = new Thread(() -> {
      try {
        while (!Files.exists(target.resolve("a-first.bin"))) {
          Thread.sleep(1);
        }
        try (Stream<Path> files = Files.list(source)) {
          for (Path f :
              files.filter(p -> p.getFileName().toString().startsWith("z-")).toList()) {
            Files.delete(f);
          }
        }
        deleted.set(true);
      } catch (IOException | InterruptedException e) {
        // the assertion on deleted reports it
      }
    });
    remover.start();

    TransferResult result;
    try {
      result = transfer().mirror(source, target, MirrorOptions.defaults(), p -> {});
    } finally {
      remover.interrupt();
      remover.join();
    }

    assertThat(deleted).isTrue();
    assertThat(result.completeness()).isEqualTo(Completeness.COMPLETE_VANISHED_FILES);
    assertThat(result.isComplete()).isTrue();
    assertThat(result.warnings()).singleElement().asString().contains("vanished", "z-0");
    assertThat(target.resolve("a-first.bin")).hasSize(256L << 20);
  }

  @Test
  void filesThatCannotBeWrittenMakeAPartialCopy() throws IOException {
    Path source = dir("partial-source");
    Path target = dir("partial-target");
    Files.writeString(source.resolve("fine.txt"), "fine");
    // An immutable target directory refuses new entries even to root.
    run("chattr", "+i", target.toString());
    try {
      TransferResult result = transfer().mirror(source, target, MirrorOptions.defaults(), p -> {});

      assertThat(result.completeness()).isEqualTo(Completeness.PARTIAL);
      assertThat(result.isComplete()).isFalse();
      assertThat(result.warnings()).singleElement().asString().contains("could not be copied");
    } finally {
      run("chattr", "-i", target.toString());
    }
  }

  @Test
  void streamsRsyncsOutput() throws IOException {
    Path source = dir("out-source");
    Files.writeString(source.resolve("a.txt"), "a");

    transfer().mirror(source, dir("out-target"), MirrorOptions.defaults(), p -> {});

    assertThat(output).anyMatch(l -> l.startsWith("Number of files:"));
  }
}
