package dev.mnemosyne.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mnemosyne.core.model.RotationPolicy;
import dev.mnemosyne.core.model.RotationStep;
import dev.mnemosyne.core.model.Stage;
import dev.mnemosyne.core.model.StageKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RotationTest {
  private static final StageKey KEY = new StageKey("home");

  private static RotationPolicy policy(int stages) {
    return new RotationPolicy(stages, Duration.ofHours(1));
  }

  private static Set<Integer> indices(String text) {
    return text.isBlank()
        ? Set.of()
        : Arrays.stream(text.trim().split("\\s+"))
            .map(Integer::valueOf)
            .collect(Collectors.toSet());
  }

  /** A plan written short: {@code D3} deletes .3, {@code R1>2} renames .1 to .2, {@code S} snapshots .0 into .1. */
  private static String shorthand(List<RotationStep> plan) {
    return plan.stream()
        .map(step -> {
          if (step instanceof RotationStep.Delete d) {
            return "D" + d.stage().index();
          }
          if (step instanceof RotationStep.Rename r) {
            return "R" + r.from().index() + ">" + r.to().index();
          }
          return "S";
        })
        .collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "stages {0}, existing [{1}]: {2}")
  @CsvSource(delimiter = '|', textBlock = """
       1 | 0                 | ''
       1 | 0 1 2             | D2 D1
       1 | ''                | ''
       2 | 0                 | S
       2 | 0 1               | D1 S
       2 | 0 1 2 3           | D3 D2 D1 S
       3 | 0 1               | R1>2 S
       3 | 0 2               | S
       3 | 0 1 2             | D2 R1>2 S
       4 | 0 1 3             | R1>2 S
       4 | 0 2 3             | S
       4 | 0 1 2 3 4 9       | D9 D4 D3 R2>3 R1>2 S
       4 | 1 2 3             | ''
       4 | 1 2 3 5 7         | D7 D5
       4 | ''                | ''
       5 | 0 1 2 3           | R3>4 R2>3 R1>2 S
       5 | 0 3               | S
       8 | 0 1 2 4 5 6 7     | R2>3 R1>2 S
      10 | 0 1 2 3 4 5 6 7 8 9 | D9 R8>9 R7>8 R6>7 R5>6 R4>5 R3>4 R2>3 R1>2 S
      """)
  void plansTheTurnOver(int stages, String existing, String expected) {
    assertThat(shorthand(Rotation.plan(KEY, indices(existing), policy(stages))))
        .isEqualTo(expected);
  }

  @Test
  void everyStepNamesTheKeyItRotates() {
    List<RotationStep> plan = Rotation.plan(KEY, Set.of(0, 1, 2), policy(3));

    assertThat(plan)
        .containsExactly(
            new RotationStep.Delete(new Stage(KEY, 2)),
            new RotationStep.Rename(new Stage(KEY, 1), new Stage(KEY, 2)),
            new RotationStep.Snapshot(Stage.live(KEY), new Stage(KEY, 1)));
  }

  static Stream<Arguments> layouts() {
    return IntStream.rangeClosed(1, 10)
        .boxed()
        .flatMap(stages -> Stream.of(
            arguments(stages, "full set", range(0, stages)),
            arguments(stages, "live only", Set.of(0)),
            arguments(
                stages,
                "every other stage",
                IntStream.range(0, stages)
                    .filter(i -> i % 2 == 0)
                    .boxed()
                    .collect(Collectors.toSet())),
            arguments(stages, "gap at 1", without(range(0, stages), 1)),
            arguments(stages, "oldest missing", without(range(0, stages), stages - 1)),
            arguments(stages, "stages beyond the policy", range(0, stages + 3)),
            arguments(stages, "no live stage", without(range(0, stages + 1), 0)),
            arguments(stages, "nothing", Set.of())));
  }

  private static Set<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().collect(Collectors.toSet());
  }

  private static Set<Integer> without(Set<Integer> set, int index) {
    Set<Integer> copy = new HashSet<>(set);
    copy.remove(index);
    return copy;
  }

  @ParameterizedTest(name = "stages {0}, {1}")
  @MethodSource("layouts")
  void aPlanKeepsTheOrderAndTheLimitAndPutsTheLiveStageAtOne(
      int stages, String layout, Set<Integer> existing) {
    Store store = Store.ordered(existing);
    int history = store.historyWithin(stages);
    Integer live = store.generations.get(0);

    store.apply(Rotation.plan(KEY, existing, policy(stages)));

    assertThat(store.generations.keySet()).allMatch(i -> i < stages);
    assertThat(store.generations.get(0)).isEqualTo(live);
    if (live != null && stages > 1) {
      assertThat(store.generations.get(1)).isEqualTo(live);
      assertThat(store.historyWithin(stages)).isEqualTo(Math.min(history + 1, stages - 1));
    } else {
      assertThat(store.historyWithin(stages)).isEqualTo(stages > 1 ? history : 0);
    }
  }

  @Test
  void repeatedRotationsInterruptedAnywhereNeverLoseTheOrderNorExceedTheStages() {
    Random random = new Random(4_711);
    for (int stages = 1; stages <= 10; stages++) {
      for (int trial = 0; trial < 20; trial++) {
        Set<Integer> start = new HashSet<>();
        for (int i = 0; i < stages + 3; i++) {
          if (random.nextInt(3) > 0) {
            start.add(i);
          }
        }
        Store store = Store.ordered(start);
        int generation = 1_000;
        for (int run = 0; run < 3 * stages + 5; run++) {
          List<RotationStep> plan = Rotation.plan(KEY, store.generations.keySet(), policy(stages));
          if (!plan.isEmpty() && random.nextInt(4) == 0) {
            store.apply(plan.subList(0, random.nextInt(plan.size())));
            continue; // the run died part-way; its sync never happened
          }
          int history = store.historyWithin(stages);
          boolean hadLive = store.generations.containsKey(0);
          store.apply(plan);
          assertThat(store.generations.keySet())
              .as("stages %s", stages)
              .allMatch(withinPolicy(stages));
          if (hadLive && stages > 1) {
            assertThat(store.generations.get(1)).isEqualTo(store.generations.get(0));
            assertThat(store.historyWithin(stages)).isEqualTo(Math.min(history + 1, stages - 1));
          }
          store.generations.put(0, ++generation); // the sync into the live stage
        }
        for (int run = 0; run < stages; run++) { // runs that complete fill every history slot
          store.apply(Rotation.plan(KEY, store.generations.keySet(), policy(stages)));
          store.generations.put(0, ++generation);
        }
        assertThat(store.generations).containsEntry(0, generation);
        if (stages > 1) {
          assertThat(store.generations).containsEntry(1, generation - 1);
          assertThat(store.historyWithin(stages)).isEqualTo(stages - 1);
        }
      }
    }
  }

  private static java.util.function.Predicate<Integer> withinPolicy(int stages) {
    return index -> index < stages;
  }

  /**
   * The stages of one key: index to generation, where a larger generation is newer data. The
   * store is in order when the generations fall as the index rises.
   */
  private static final class Store {
    final Map<Integer, Integer> generations = new TreeMap<>();

    static Store ordered(Set<Integer> indices) {
      Store store = new Store();
      indices.forEach(i -> store.generations.put(i, 100 - i));
      return store;
    }

    int historyWithin(int stages) {
      return (int)
          generations.keySet().stream().filter(i -> i >= 1 && i < stages).count();
    }

    void apply(List<RotationStep> steps) {
      for (RotationStep step : steps) {
        if (step instanceof RotationStep.Delete d) {
          assertThat(generations).containsKey(d.stage().index());
          generations.remove(d.stage().index());
        } else if (step instanceof RotationStep.Rename r) {
          assertThat(generations)
              .containsKey(r.from().index())
              .doesNotContainKey(r.to().index());
          generations.put(r.to().index(), generations.remove(r.from().index()));
        } else if (step instanceof RotationStep.Snapshot s) {
          assertThat(generations).containsKey(0).doesNotContainKey(1);
          generations.put(1, generations.get(0));
        }
        assertInOrder();
      }
    }

    void assertInOrder() {
      List<Integer> newestFirst = List.copyOf(generations.values());
      for (int i = 1; i < newestFirst.size(); i++) {
        assertThat(newestFirst.get(i))
            .as("stages %s in order", generations)
            .isLessThanOrEqualTo(newestFirst.get(i - 1));
      }
      List<Integer> history = generations.entrySet().stream()
          .filter(e -> e.getKey() > 0)
          .map(Map.Entry::getValue)
          .toList();
      assertThat(new HashSet<>(history))
          .as("no history stage duplicated: %s", generations)
          .hasSize(history.size());
    }
  }
}
