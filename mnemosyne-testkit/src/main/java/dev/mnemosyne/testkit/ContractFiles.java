package dev.mnemosyne.testkit;

import dev.mnemosyne.core.port.Handle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Helpers the contracts share for real files. */
final class ContractFiles {
  private ContractFiles() {}

  /** Opens {@code file} for reading, for real, until the handle is closed. */
  static Handle holdOpen(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    return () -> {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}
