package dev.mnemosyne.core.port;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Step;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Port: mirrors a local directory into a directory of the store. */
public interface Transfer {

  /**
   * Makes {@code target} a mirror of {@code source}: new and changed files are copied with
   * their metadata, files the source no longer has are deleted, and paths matching the
   * options' excludes (rsync patterns) are left out. A file that changed is rewritten in place,
   * in units of the options' block size, so that what the store's snapshots share stays shared.
   * Progress is reported as it goes.
   *
   * @return what was copied, and whether the copy is complete
   * @throws StepFailedException with {@link Step#TRANSFER} when the copy failed; reason
   *     {@code NO_SPACE} when the store is full
   */
  TransferResult mirror(
      Path source, Path target, MirrorOptions options, Consumer<TransferProgress> progress);

  /**
   * Copies {@code source} back out of the store into the directory {@code target}: a file
   * lands in {@code target} under its name, a directory's content lands in {@code target}.
   * Metadata is kept (owners by number, permissions, times, hard links, ACLs, extended
   * attributes) and nothing in {@code target} is deleted. With {@code listOnly} nothing is
   * copied. Each path (relative to {@code target}) that is copied, or would be, goes to {@code
   * item}.
   *
   * @return how many paths were (or would be) copied
   * @throws StepFailedException with {@link Step#RESTORE} when the copy failed; reason
   *     {@code NO_SPACE} when the target is full
   */
  long restore(Path source, Path target, boolean listOnly, Consumer<String> item);
}
