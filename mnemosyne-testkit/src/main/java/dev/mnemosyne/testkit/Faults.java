package dev.mnemosyne.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The failures a {@link FakeEnvironment}'s fakes are to report. A fault is aimed at the n-th
 * port call from the moment it is added, either of any operation or of one operation, and
 * strikes once.
 *
 * <pre>{@code
 * env.faults().failCall(3, Fault.error());                          // the third port call from now
 * env.faults().fail(Operation.TRANSFER_MIRROR, 2, Fault.partWay(0.5)); // the second transfer from now
 * }</pre>
 */
public final class Faults {
  private final List<Pending> pending = new ArrayList<>();
  private final Map<Operation, Integer> callsByOperation = new EnumMap<>(Operation.class);
  private int calls;

  Faults() {}

  /** Makes the {@code n}-th port call from now (1 is the next one) fail with {@code fault}. */
  @CanIgnoreReturnValue
  public synchronized Faults failCall(int n, Fault fault) {
    checkArgument(n >= 1, "call number (%s) must be positive", n);
    pending.add(new Pending(Optional.empty(), calls + n, requireNonNull(fault, "fault")));
    return this;
  }

  /** Makes the {@code n}-th call of {@code operation} from now (1 is the next one) fail with {@code fault}. */
  @CanIgnoreReturnValue
  public synchronized Faults fail(Operation operation, int n, Fault fault) {
    checkArgument(n >= 1, "call number (%s) must be positive", n);
    requireNonNull(operation, "operation");
    pending.add(new Pending(
        Optional.of(operation),
        callsByOperation.getOrDefault(operation, 0) + n,
        requireNonNull(fault, "fault")));
    return this;
  }

  /** Forgets every fault that has not struck yet. */
  public synchronized void clear() {
    pending.clear();
  }

  /** Whether faults are still waiting for their call. */
  public synchronized boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Counts a call of {@code operation} and returns the fault aimed at it, if any. */
  synchronized Optional<Fault> next(Operation operation) {
    calls++;
    int ofOperation = callsByOperation.merge(operation, 1, Integer::sum);
    Optional<Fault> found = Optional.empty();
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      boolean hits = p.operation().isPresent()
          ? p.operation().get() == operation && p.call() == ofOperation
          : p.call() == calls;
      if (hits && found.isEmpty()) {
        found = Optional.of(p.fault());
        it.remove();
      }
    }
    return found;
  }

  private record Pending(Optional<Operation> operation, int call, Fault fault) {}
}
