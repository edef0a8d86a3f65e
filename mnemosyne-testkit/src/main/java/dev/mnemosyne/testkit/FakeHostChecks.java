package dev.mnemosyne.testkit;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.port.HostChecks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link HostChecks} with configurable answers: every check passes unless {@link #failing}
 * says otherwise. A fault injected into a call makes it report a failed check, since host
 * checks never throw.
 */
public final class FakeHostChecks implements HostChecks {
  private static final List<String> CHECKS =
      List.of("root", "cryptsetup", "btrfs", "rsync", "mount");

  private final FakeWorld world;
  private final Map<String, String> failing = new LinkedHashMap<>();

  FakeHostChecks(FakeWorld world) {
    this.world = world;
  }

  /** Makes the check {@code name} fail from now on, suggesting {@code fix}. */
  public void failing(String name, String fix) {
    synchronized (world) {
      failing.put(requireNonNull(name, "name"), requireNonNull(fix, "fix"));
    }
  }

  @Override
  public List<HostCheck> verify(Needs needs) {
    synchronized (world) {
      List<HostCheck> checks = new ArrayList<>();
      try {
        world.run(
            Operation.HOST_VERIFY,
            List.of(needs.remote().name(), needs.encryption().name()),
            () -> {});
      } catch (RuntimeException injected) {
        checks.add(HostCheck.fail("host", injected.getMessage(), "see the error"));
      }
      List<String> names = new ArrayList<>(CHECKS);
      failing.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
      for (String name : names) {
        checks.add(
            failing.containsKey(name)
                ? HostCheck.fail(name, name + " is not available", failing.get(name))
                : HostCheck.pass(name, name + " is available"));
      }
      return List.copyOf(checks);
    }
  }
}
