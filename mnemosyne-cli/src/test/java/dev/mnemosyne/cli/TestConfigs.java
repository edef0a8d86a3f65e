package dev.mnemosyne.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Configuration files and host observations for the command's tests. */
final class TestConfigs {
  private TestConfigs() {}

  /** A store on a local remote directory, unencrypted, backing up {@code sources} (key = directory name). */
  static Path unencryptedLocal(
      Path dir, Path remote, int stages, double rotateHours, Path... sources) {
    String directories = Stream.of(sources)
        .map(s -> "{\"key\": \"" + s.getFileName() + "\", \"directory\": \"" + s + "\"}")
        .collect(Collectors.joining(", "));
    return write(
        dir.resolve("config.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"test.btrfs\", \"size\": 1, \"encryption\": \"none\"},\n"
            + "  \"strategy\": {\"stages\": " + stages + ", \"rotate\": "
            + String.format(Locale.ROOT, "%s", rotateHours)
            + "},\n"
            + "  \"local\": {\"directories\": [" + directories + "]}\n"
            + "}\n");
  }

  /** A LUKS store on a local remote directory with its key file at {@code keyFile}. */
  static Path encryptedLocal(Path dir, Path remote, Path keyFile, Path source) {
    return write(
        dir.resolve("config.json"),
        "{\n"
            + "  \"remote\": {\"type\": \"local\", \"path\": \"" + remote + "\"},\n"
            + "  \"store\": {\"name\": \"test.btrfs\", \"size\": 1, \"keyfile\": \"" + keyFile
            + "\"},\n"
            + "  \"strategy\": {\"stages\": 3, \"rotate\": 24},\n"
            + "  \"local\": {\"directories\": [{\"key\": \"data\", \"directory\": \"" + source
            + "\"}]}\n"
            + "}\n");
  }

  /** Writes {@code bytes} (rounded up to whole MiB) of incompressible data, the same for the same seed. */
  static void writeRandom(Path file, int bytes, long seed) throws IOException {
    java.util.Random random = new java.util.Random(seed);
    byte[] block = new byte[1 << 20];
    try (java.io.OutputStream out = Files.newOutputStream(file)) {
      for (int written = 0; written < bytes; written += block.length) {
        random.nextBytes(block);
        out.write(block);
      }
    }
  }

  /**
   * An unencrypted store image as far as a dry run looks, without mkfs.btrfs: a sparse file of 1
   * GiB whose primary superblock (at 64 KiB) has btrfs's magic, its size and a valid CRC-32C.
   */
  static Path dryRunStoreImage(Path image) {
    long size = 1L << 30;
    java.nio.ByteBuffer block =
        java.nio.ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    block.put(0x40, "_BHRfS_M".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    block.putLong(0x30, 64 * 1024);
    block.putLong(0x70, size);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(block.array(), 32, 4096 - 32);
    block.putInt(0, (int) crc.getValue());
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(size);
      file.seek(64 * 1024);
      file.write(block.array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return image;
  }

  static Path write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every path under {@code dir} with its size and modification time: equal listings mean nothing changed. */
  static List<String> listing(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .sorted()
          .map(p -> {
            try {
              return p + " " + (Files.isRegularFile(p) ? Files.size(p) : -1) + " "
                  + Files.getLastModifiedTime(p);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of /proc/mounts that mention {@code dir}. */
  static List<String> mountsUnder(Path dir) {
    try {
      return Files.readAllLines(Path.of("/proc/mounts")).stream()
          .filter(line -> line.contains(dir.toString()))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The loop devices backed by a file under {@code dir}, as {@code losetup --list} shows them. */
  static List<String> loopsUnder(Path dir) {
    try {
      Process p = new ProcessBuilder(
              "losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE")
          .redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().filter(line -> line.contains(dir.toString())).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
