package dev.mnemosyne.testkit;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * What a directory tree holds, kept for comparing later: each entry's relative path and type,
 * a regular file's size and content hash, a symbolic link's target. Two trees with equal
 * content compare equal, wherever they are.
 */
public final class TreeContent {
  private final ImmutableSortedMap<String, String> entries;

  private TreeContent(SortedMap<String, String> entries) {
    this.entries = ImmutableSortedMap.copyOfSorted(entries);
  }

  /** Reads the tree under {@code root} (not including {@code root} itself). */
  public static TreeContent of(Path root) {
    return new TreeContent(DirectoryTrees.content(requireNonNull(root, "root")));
  }

  static TreeContent ofDescription(SortedMap<String, String> entries) {
    return new TreeContent(entries);
  }

  /** The entries: relative path to a description of type and content. */
  public Map<String, String> entries() {
    return entries;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TreeContent tree && tree.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining("\n  ", "{\n  ", "\n}"));
  }
}
