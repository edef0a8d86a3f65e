package dev.mnemosyne.cli;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mnemosyne's metrics as a node_exporter textfile (Prometheus text format 0.0.4): every {@link
 * Family} with samples, each with its HELP and TYPE lines. The file is read back before it is
 * replaced, so that what this run does not know (the last success of a key, the last run of
 * another command) is kept; it is replaced atomically (a temporary file in the same directory,
 * fsynced, renamed over it), so node_exporter never reads half a file.
 */
final class MetricsTextfile {
  /** A metric mnemosyne writes; all are gauges. */
  enum Family {
    LAST_SUCCESS(
        "mnemosyne_last_success_timestamp_seconds",
        "When the key's last successful backup (complete, or complete with warnings) ended, in Unix time."),
    BACKUP_SUCCESS(
        "mnemosyne_last_backup_success",
        "1 if the key's last backup succeeded, 0 if it failed or was" + " skipped."),
    BACKUP_DURATION(
        "mnemosyne_last_backup_duration_seconds", "How long the key's last backup took."),
    BACKUP_FILES(
        "mnemosyne_last_backup_files",
        "Files in the key's source directory, as its last backup saw them."),
    BACKUP_COPIED_FILES(
        "mnemosyne_last_backup_copied_files", "Files the key's last backup copied."),
    BACKUP_BYTES(
        "mnemosyne_last_backup_source_bytes",
        "Bytes in the key's source directory, as its last backup saw" + " them."),
    BACKUP_COPIED_BYTES(
        "mnemosyne_last_backup_copied_bytes", "Bytes the key's last backup copied."),
    STAGES(
        "mnemosyne_stages",
        "Stages the key has in the store after its last backup: the live copy and the read-only"
            + " history."),
    RUN_TIMESTAMP(
        "mnemosyne_last_run_timestamp_seconds",
        "When the command's last run on the store ended, in Unix" + " time."),
    RUN_DURATION(
        "mnemosyne_last_run_duration_seconds",
        "How long the command's last run on the store took."),
    RUN_EXIT_CODE(
        "mnemosyne_last_run_exit_code",
        "The exit code of the command's last run on the store (0 success,"
            + " 3 warnings, others failures; see the README)."),
    STORE_FREE("mnemosyne_store_free_bytes", "Free space inside the store, as last measured."),
    STORE_SIZE("mnemosyne_store_size_bytes", "Size of the store's filesystem, as last measured."),
    REMOTE_FREE(
        "mnemosyne_remote_free_bytes",
        "Free space on the remote that holds the store image, as last" + " measured."),
    REMOTE_SIZE(
        "mnemosyne_remote_size_bytes",
        "Size of the remote that holds the store image, as last measured.");

    private final String metric;
    private final String help;

    Family(String metric, String help) {
      this.metric = metric;
      this.help = help;
    }

    String metric() {
      return metric;
    }

    static Optional<Family> named(String metric) {
      for (Family f : values()) {
        if (f.metric.equals(metric)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  private static final Pattern SAMPLE = Pattern.compile("([a-z_]+)\\{(.*)\\} (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
  private static final Comparator<SortedMap<String, String>> BY_LABELS =
      Comparator.comparing(Object::toString);

  private final Map<Family, Map<SortedMap<String, String>, Double>> samples = new LinkedHashMap<>();

  /** What {@code file} holds of mnemosyne's metrics; nothing if it is missing, unreadable lines are dropped. */
  static MetricsTextfile read(Path file) throws IOException {
    MetricsTextfile metrics = new MetricsTextfile();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException missing) {
      return metrics;
    }
    for (String line : lines) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.matches()) {
        continue;
      }
      Optional<Family> family = Family.named(sample.group(1));
      Optional<SortedMap<String, String>> labels = labels(sample.group(2));
      Optional<Double> value = number(sample.group(3));
      if (family.isPresent() && labels.isPresent() && value.isPresent()) {
        metrics.set(family.get(), labels.get(), value.get());
      }
    }
    return metrics;
  }

  /** Sets the sample of {@code family} with {@code labels}. */
  void set(Family family, Map<String, String> labels, double value) {
    samples
        .computeIfAbsent(family, f -> new LinkedHashMap<>())
        .put(ImmutableSortedMap.copyOf(labels), value);
  }

  /** Removes the sample of {@code family} with {@code labels}: what the last run could not tell. */
  void remove(Family family, Map<String, String> labels) {
    Optional.ofNullable(samples.get(family))
        .ifPresent(s -> s.remove(ImmutableSortedMap.copyOf(labels)));
  }

  Optional<Double> get(Family family, Map<String, String> labels) {
    return Optional.ofNullable(
        samples.getOrDefault(family, Map.of()).get(ImmutableSortedMap.copyOf(labels)));
  }

  /** The text of the file. */
  String render() {
    StringBuilder out = new StringBuilder();
    for (Family family : Family.values()) {
      Map<SortedMap<String, String>, Double> series = samples.getOrDefault(family, Map.of());
      if (series.isEmpty()) {
        continue;
      }
      out.append("# HELP ")
          .append(family.metric)
          .append(' ')
          .append(family.help)
          .append('\n');
      out.append("# TYPE ").append(family.metric).append(" gauge\n");
      List<SortedMap<String, String>> sorted = new ArrayList<>(series.keySet());
      sorted.sort(BY_LABELS);
      for (SortedMap<String, String> labels : sorted) {
        out.append(family.metric).append('{');
        String separator = "";
        for (Map.Entry<String, String> label : labels.entrySet()) {
          out.append(separator)
              .append(label.getKey())
              .append("=\"")
              .append(escape(label.getValue()))
              .append('"');
          separator = ",";
        }
        out.append("} ").append(format(series.get(labels))).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Replaces {@code file} with {@link #render()}: written to a temporary file beside it (mode
   * 0644, for node_exporter's user), fsynced, renamed over it, and the directory fsynced.
   */
  void write(Path file) throws IOException {
    requireNonNull(file, "file");
    Path dir = file.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(render().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException notSupported) {
      // the rename is done; only its durability across a power cut is in question
    }
  }

  /** Why {@code file} cannot be the metrics file, checked before a command runs; empty if it can. */
  static Optional<String> problem(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return Optional.of(
          "the directory of the metrics file " + file + " does not exist; create it (node_exporter"
              + " reads the directory given as --collector.textfile.directory)");
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("the metrics file " + file + " exists and is not a regular file");
    }
    if (!Files.isWritable(dir)) {
      return Optional.of("the directory of the metrics file " + file + " is not writable");
    }
    return Optional.empty();
  }

  private static Optional<SortedMap<String, String>> labels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    Matcher m = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        return Optional.empty();
      }
      labels.put(m.group(1), unescape(m.group(2)));
      at = m.end();
    }
    return Optional.of(ImmutableSortedMap.copyOf(labels));
  }

  private static Optional<Double> number(String text) {
    try {
      return Optional.of(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return BigDecimal.valueOf(value).toPlainString();
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
