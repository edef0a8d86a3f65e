package dev.mnemosyne.core.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemosyne.core.config.ConfigObject.Need;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The optional {@code metrics} object: the {@code file} the command writes its Prometheus
 * metrics to (a node_exporter textfile, e.g. {@code /var/lib/prometheus/node-exporter/mnemosyne.prom}).
 */
final class MetricsSection {
  private MetricsSection() {}

  /** The metrics file; empty when none is given. Problems go to the document. */
  static Optional<Path> read(ConfigObject metrics) {
    metrics.allowOnly(Set.of("file"));
    return metrics.absolutePath("file", Need.REQUIRED).filter(file -> {
      if (!file.getFileName().toString().endsWith(".prom")) {
        metrics
            .problems()
            .add(
                metrics.at("file"),
                "must end in \".prom\": node_exporter's textfile collector reads"
                    + " only such files, got %s",
                Json.quote(file.toString()));
        return false;
      }
      return true;
    });
  }

  static ObjectNode write(Path file, JsonNodeFactory json) {
    return json.objectNode().put("file", file.toString());
  }
}
