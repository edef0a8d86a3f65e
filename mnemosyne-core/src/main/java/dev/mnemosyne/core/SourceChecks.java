package dev.mnemosyne.core;

import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.port.HostChecks.HostCheck;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** Checks that a configured source directory can be backed up as it is named. */
final class SourceChecks {
  private SourceChecks() {}

  static Optional<String> problem(SourceDirectory source) {
    Path dir = source.directory();
    if (Files.isSymbolicLink(dir)) {
      return Optional.of("directory " + dir + " (key " + source.key()
          + ") is a symbolic link; configure the directory" + " it points to instead");
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(
          "directory " + dir + " (key " + source.key() + ") does not exist or is not a directory");
    }
    if (!Files.isReadable(dir)) {
      return Optional.of("directory " + dir + " (key " + source.key() + ") is not readable");
    }
    return Optional.empty();
  }

  static HostCheck check(SourceDirectory source) {
    String name = "directory " + source.key();
    return problem(source)
        .map(p -> HostCheck.fail(name, p, "fix local.directories in the configuration"))
        .orElseGet(() -> HostCheck.pass(name, source.directory() + " is readable"));
  }
}
