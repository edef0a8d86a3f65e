package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which configuration file is read when no {@code --config} is given. A source install reads
 * the original's {@code /usr/local/etc/mnemosyne/config.json}. The Debian package's launcher
 * names Debian's place, {@code /etc/mnemosyne/config.json}, in the system property {@value
 * #PROPERTY}; that file is read when it exists, else an existing {@code /usr/local} one (a setup
 * made before the package was installed keeps working), else it is the one asked for.
 */
final class DefaultConfig {
  /** The system property by which a launcher names its default configuration file. */
  static final String PROPERTY = "mnemosyne.default-config";

  /** The original tool's default, and a source install's. */
  static final Path ORIGINAL = Path.of("/usr/local/etc/mnemosyne/config.json");

  private DefaultConfig() {}

  /** The default for this process: from {@value #PROPERTY} and the files that exist. */
  static Path forThisProcess() {
    return choose(
        Optional.ofNullable(System.getProperty(PROPERTY))
            .filter(p -> !p.isBlank())
            .map(Path::of),
        Files::isRegularFile);
  }

  /** The default, given the launcher's choice (if any) and which files exist. */
  static Path choose(Optional<Path> launcherDefault, Predicate<Path> exists) {
    requireNonNull(launcherDefault, "launcherDefault");
    requireNonNull(exists, "exists");
    if (launcherDefault.isEmpty()) {
      return ORIGINAL;
    }
    Path chosen = launcherDefault.get().toAbsolutePath();
    return !exists.test(chosen) && exists.test(ORIGINAL) ? ORIGINAL : chosen;
  }
}
