package dev.mnemosyne.core.port;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Port: mirrors a local directory into a directory of the store. */
public interface Transfer {

  /**
   * Makes {@code target} a mirror of {@code source}: new and changed files are copied with
   * their metadata, files the source no longer has are deleted, and paths matching
   * {@code excludes} (rsync patterns) are left out. Progress is reported as it goes.
   *
   * @return what was copied, and whether the copy is complete
   * @throws StepFailedException with {@link Step#TRANSFER} when the copy failed; reason
   *     {@code NO_SPACE} when the store is full
   */
  TransferResult mirror(Path source, Path target, List<String> excludes, Consumer<TransferProgress> progress);
}
