package dev.mnemosyne.core.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemosyne.core.config.ConfigObject.Need;
import dev.mnemosyne.core.config.ConfigObject.WholeNumber;
import dev.mnemosyne.core.model.RetentionPolicy;
import dev.mnemosyne.core.model.RotationPolicy;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code strategy} object: how many {@code stages} to keep and every how many hours to {@code rotate};
 * optionally a {@code keep} retention policy (then {@code stages} is an optional cap) and the {@code timezone}
 * its calendar periods are counted in.
 */
final class StrategySection {
  static final WholeNumber STAGES =
      new WholeNumber("a whole number of stages from 1 to 1000", 1, 1000, " stages");
  /** A count of a retention rule: ten thousand years of hourly points is far beyond any store. */
  static final WholeNumber KEEP_COUNT = new WholeNumber("a whole number ≥ 0", 0, 100_000, "");
  /** A million hours is over a century: anything larger is a mistake. */
  static final BigDecimal MAX_HOURS = BigDecimal.valueOf(1_000_000);

  private static final long MILLIS_PER_HOUR = 3_600_000;
  private static final String[] RULES = {"last", "hourly", "daily", "weekly", "monthly", "yearly"};

  private StrategySection() {}

  static Optional<RotationPolicy> read(ConfigObject strategy) {
    strategy.allowOnly(Set.of("stages", "rotate", "keep", "timezone"));
    Optional<ZoneId> zone =
        strategy.string("timezone", Need.OPTIONAL).flatMap(name -> zone(strategy, name));
    boolean hasKeep = strategy.has("keep");
    Optional<RetentionPolicy> keep =
        strategy.object("keep", Need.OPTIONAL).flatMap(k -> keep(k, zone));
    if (strategy.has("timezone") && !hasKeep) {
      strategy
          .problems()
          .add(
              strategy.at("timezone"),
              "only counts with a keep policy; add strategy.keep or remove it");
    }
    Optional<Long> stages =
        strategy.wholeNumber("stages", hasKeep ? Need.OPTIONAL : Need.REQUIRED, STAGES);
    Optional<BigDecimal> hours = strategy.decimal(
        "rotate",
        Need.REQUIRED,
        "a number of hours, 0 or more (decimals allowed)",
        BigDecimal.ZERO,
        MAX_HOURS,
        " hours");
    if ((stages.isEmpty() && (!hasKeep || strategy.has("stages")))
        || hours.isEmpty()
        || (hasKeep && keep.isEmpty())) {
      return Optional.empty();
    }
    RotationPolicy every = RotationPolicy.ofHours(1, hours.get().doubleValue());
    return Optional.of(new RotationPolicy(
        stages.map(Math::toIntExact).orElse(RotationPolicy.NO_CAP), every.period(), keep));
  }

  private static Optional<ZoneId> zone(ConfigObject strategy, String name) {
    try {
      return Optional.of(ZoneId.of(name));
    } catch (DateTimeException e) {
      strategy
          .problems()
          .add(
              strategy.at("timezone"),
              "must be a time zone such as \"Europe/Berlin\" or \"UTC\"," + " got \"%s\"",
              name);
      return Optional.empty();
    }
  }

  private static Optional<RetentionPolicy> keep(ConfigObject keep, Optional<ZoneId> zone) {
    keep.allowOnly(Set.of("last", "hourly", "daily", "weekly", "monthly", "yearly", "within"));
    int[] counts = new int[RULES.length];
    boolean readable = true;
    for (int i = 0; i < RULES.length; i++) {
      Optional<Long> n = keep.wholeNumber(RULES[i], Need.OPTIONAL, KEEP_COUNT);
      readable &= n.isPresent() || !keep.has(RULES[i]);
      counts[i] = n.map(Math::toIntExact).orElse(0);
    }
    Optional<BigDecimal> within = keep.decimal(
        "within",
        Need.OPTIONAL,
        "a number of hours, 0 or more (decimals allowed)",
        BigDecimal.ZERO,
        MAX_HOURS,
        " hours");
    readable &= within.isPresent() || !keep.has("within");
    if (!readable) {
      return Optional.empty();
    }
    Optional<Duration> age = within.map(
        h -> Duration.ofMillis(h.multiply(BigDecimal.valueOf(MILLIS_PER_HOUR)).longValue()));
    if (java.util.Arrays.stream(counts).allMatch(c -> c == 0)
        && age.filter(a -> !a.isZero()).isEmpty()) {
      keep.problems()
          .add(
              keep.path(),
              "at least one rule must be > 0 (of %s, within)",
              String.join(", ", RULES));
      return Optional.empty();
    }
    return Optional.of(new RetentionPolicy(
        counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], age, zone));
  }

  static ObjectNode write(RotationPolicy policy, JsonNodeFactory json) {
    ObjectNode out = json.objectNode();
    if (policy.stages() != RotationPolicy.NO_CAP) {
      out.put("stages", policy.stages());
    }
    long millis = policy.period().toMillis();
    if (millis % MILLIS_PER_HOUR == 0) {
      out.put("rotate", millis / MILLIS_PER_HOUR);
    } else {
      out.put("rotate", millis / (double) MILLIS_PER_HOUR);
    }
    policy.keep().ifPresent(keep -> {
      ObjectNode rules = out.putObject("keep");
      int[] counts = {
        keep.last(), keep.hourly(), keep.daily(), keep.weekly(), keep.monthly(), keep.yearly()
      };
      for (int i = 0; i < RULES.length; i++) {
        if (counts[i] > 0) {
          rules.put(RULES[i], counts[i]);
        }
      }
      keep.within().ifPresent(w -> {
        if (w.toMillis() % MILLIS_PER_HOUR == 0) {
          rules.put("within", w.toMillis() / MILLIS_PER_HOUR);
        } else {
          rules.put("within", w.toMillis() / (double) MILLIS_PER_HOUR);
        }
      });
      keep.timezone().ifPresent(z -> out.put("timezone", z.getId()));
    });
    return out;
  }
}
