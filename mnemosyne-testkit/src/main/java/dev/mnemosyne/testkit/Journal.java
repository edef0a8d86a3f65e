package dev.mnemosyne.testkit;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every port call the fakes of one {@link FakeEnvironment} answered, in order. Tests assert
 * on it (what was called, with what, how it ended) and use its length to aim {@link Faults}.
 */
public final class Journal {
  private final List<Interaction> interactions = new ArrayList<>();

  Journal() {}

  synchronized Interaction record(
      Operation operation, List<String> arguments, Optional<String> failure) {
    Interaction interaction = new Interaction(
        interactions.size() + 1,
        operation,
        arguments,
        failure.isPresent() ? Interaction.Outcome.FAILED : Interaction.Outcome.SUCCEEDED,
        failure);
    interactions.add(interaction);
    return interaction;
  }

  /** Every call so far. */
  public synchronized List<Interaction> interactions() {
    return ImmutableList.copyOf(interactions);
  }

  /** The calls after the first {@code count}, e.g. those of one run: {@code since(sizeBeforeTheRun)}. */
  public synchronized List<Interaction> since(int count) {
    return ImmutableList.copyOf(
        interactions.subList(Math.min(count, interactions.size()), interactions.size()));
  }

  /** The calls of one operation. */
  public synchronized List<Interaction> of(Operation operation) {
    return interactions.stream()
        .filter(i -> i.operation() == operation)
        .collect(ImmutableList.toImmutableList());
  }

  /** The operations called so far, in order. */
  public synchronized List<Operation> operations() {
    return interactions.stream()
        .map(Interaction::operation)
        .collect(Collectors.toUnmodifiableList());
  }

  /** How many calls there were. */
  public synchronized int size() {
    return interactions.size();
  }

  @Override
  public synchronized String toString() {
    return interactions.stream().map(Interaction::toString).collect(Collectors.joining("\n"));
  }
}
