package dev.mnemosyne.adapters.linux;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's rsync version, where mnemosyne's flags depend on it: before 3.3.0, {@code --sparse}
 * with {@code --inplace} leaves a file's old data in place where its source now ends in zeros
 * (rsync 3.3.0's NEWS: "a trailing gap in the source file would not clear out the trailing data in
 * the destination file"), so an updated copy would silently differ from its source.
 */
record RsyncVersion(int major, int minor, int patch) implements Comparable<RsyncVersion> {
  /** The first rsync that updates sparse files in place correctly. */
  static final RsyncVersion SPARSE_IN_PLACE = new RsyncVersion(3, 3, 0);

  private static final Pattern VERSION = Pattern.compile("\\bversion\\s+(\\d+)\\.(\\d+)\\.(\\d+)");
  private static final Comparator<RsyncVersion> ORDER = Comparator.comparingInt(RsyncVersion::major)
      .thenComparingInt(RsyncVersion::minor)
      .thenComparingInt(RsyncVersion::patch);

  RsyncVersion {
    checkArgument(major >= 0 && minor >= 0 && patch >= 0, "version numbers must not be negative");
  }

  /** The version {@code rsync --version} names in its first lines, e.g. {@code rsync  version 3.2.7  protocol version 32}. */
  static Optional<RsyncVersion> parse(List<String> versionOutput) {
    for (String line : versionOutput) {
      Matcher m = VERSION.matcher(line);
      if (m.find()) {
        return Optional.of(new RsyncVersion(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3))));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code --sparse} may be combined with {@code --inplace} without corrupting updated files. */
  boolean updatesSparseFilesInPlaceCorrectly() {
    return compareTo(SPARSE_IN_PLACE) >= 0;
  }

  @Override
  public int compareTo(RsyncVersion other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
