package dev.mnemosyne.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What a {@link RetentionPolicy} decided over a key's history points, newest first: for each, the
 * rules that keep it and whether it is kept (a point some rule keeps is dropped only beyond the
 * {@code strategy.stages} cap). {@code clockBehind} says that some point lies after the time
 * now, so nothing was dropped but by the cap.
 */
public record RetentionDecision(List<Verdict> points, boolean clockBehind) {
  public RetentionDecision {
    points = List.copyOf(points);
  }

  /** One point: its time where known, the rules that keep it ({@code daily 2}, {@code within} …), and the outcome. */
  public record Verdict(Optional<Instant> time, List<String> keptBy, boolean kept) {
    public Verdict {
      requireNonNull(time, "time");
      keptBy = List.copyOf(keptBy);
    }
  }

  /** The positions (0 = newest) of the points dropped. */
  public List<Integer> dropped() {
    return IntStream.range(0, points.size())
        .filter(i -> !points.get(i).kept())
        .boxed()
        .toList();
  }
}
