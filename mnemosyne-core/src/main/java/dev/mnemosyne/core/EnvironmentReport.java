package dev.mnemosyne.core;

import dev.mnemosyne.core.port.HostChecks.HostCheck;
import java.util.List;

/** The outcome of {@code verifyEnvironment}: one line per check. */
public record EnvironmentReport(List<HostCheck> checks) {
  public EnvironmentReport {
    checks = List.copyOf(checks);
  }

  /** Whether every check passed. */
  public boolean ready() {
    return checks.stream().allMatch(HostCheck::passed);
  }
}
