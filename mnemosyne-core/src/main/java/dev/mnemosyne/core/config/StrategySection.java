package dev.mnemosyne.core.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemosyne.core.config.ConfigObject.Need;
import dev.mnemosyne.core.config.ConfigObject.WholeNumber;
import dev.mnemosyne.core.model.RotationPolicy;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

/** The {@code strategy} object: how many {@code stages} to keep and every how many hours to {@code rotate}. */
final class StrategySection {
  static final WholeNumber STAGES = new WholeNumber("a whole number of stages from 1 to 1000", 1, 1000, " stages");
  /** A million hours is over a century: anything larger is a mistake. */
  static final BigDecimal MAX_HOURS = BigDecimal.valueOf(1_000_000);
  private static final long MILLIS_PER_HOUR = 3_600_000;

  private StrategySection() {}

  static Optional<RotationPolicy> read(ConfigObject strategy) {
    strategy.allowOnly(Set.of("stages", "rotate"));
    Optional<Long> stages = strategy.wholeNumber("stages", Need.REQUIRED, STAGES);
    Optional<BigDecimal> hours = strategy.decimal("rotate", Need.REQUIRED,
        "a number of hours, 0 or more (decimals allowed)", BigDecimal.ZERO, MAX_HOURS, " hours");
    if (stages.isEmpty() || hours.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(RotationPolicy.ofHours(Math.toIntExact(stages.get()), hours.get().doubleValue()));
  }

  static ObjectNode write(RotationPolicy policy, JsonNodeFactory json) {
    ObjectNode out = json.objectNode().put("stages", policy.stages());
    long millis = policy.period().toMillis();
    if (millis % MILLIS_PER_HOUR == 0) {
      out.put("rotate", millis / MILLIS_PER_HOUR);
    } else {
      out.put("rotate", millis / (double) MILLIS_PER_HOUR);
    }
    return out;
  }
}
