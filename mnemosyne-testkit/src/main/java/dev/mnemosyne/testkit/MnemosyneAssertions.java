package dev.mnemosyne.testkit;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions about fake environments and the stores in them. Needs AssertJ on the
 * class path.
 *
 * <pre>{@code
 * assertThat(env).hasNothingMountedOrOpen();
 * assertThat(env.store(config)).hasStagesZeroTo("docs", 3).hasReadOnlyHistory("docs");
 * assertThat(env.store(config)).stage("docs", 0).hasSameContentAs(sourceDirectory);
 * }</pre>
 */
public final class MnemosyneAssertions {
  private MnemosyneAssertions() {}

  public static EnvironmentAssert assertThat(FakeEnvironment environment) {
    return new EnvironmentAssert(environment);
  }

  public static StoreAssert assertThat(FakeStore store) {
    return new StoreAssert(store);
  }

  /** Assertions about a {@link FakeEnvironment}. */
  public static final class EnvironmentAssert
      extends AbstractAssert<EnvironmentAssert, FakeEnvironment> {
    EnvironmentAssert(FakeEnvironment actual) {
      super(actual, EnvironmentAssert.class);
    }

    /** Nothing is mounted, open or locked. */
    public EnvironmentAssert hasNothingMountedOrOpen() {
      isNotNull();
      List<String> leftovers = actual.leftovers();
      if (!leftovers.isEmpty()) {
        failWithMessage(
            "expected nothing mounted, open or locked, but found:%n  %s%njournal:%n%s",
            String.join("\n  ", leftovers), actual.journal());
      }
      return this;
    }
  }

  /** Assertions about the filesystem in a store. */
  public static final class StoreAssert extends AbstractAssert<StoreAssert, FakeStore> {
    StoreAssert(FakeStore actual) {
      super(actual, StoreAssert.class);
    }

    /** {@code key} has exactly the stages {@code indices}. */
    public StoreAssert hasExactlyStages(String key, int... indices) {
      isNotNull();
      SortedSet<Integer> expected =
          Arrays.stream(indices).boxed().collect(Collectors.toCollection(TreeSet::new));
      SortedSet<Integer> stages = actual.stages(key);
      if (!stages.equals(expected)) {
        failWithMessage(
            "expected %s to have stages %s but it has %s in %s", key, expected, stages, actual);
      }
      return this;
    }

    /** {@code key} has exactly the stages 0 to {@code last}. */
    public StoreAssert hasStagesZeroTo(String key, int last) {
      return hasExactlyStages(key, IntStream.rangeClosed(0, last).toArray());
    }

    /** {@code key} has at most {@code count} stages. */
    public StoreAssert hasAtMostStages(String key, int count) {
      isNotNull();
      SortedSet<Integer> stages = actual.stages(key);
      if (stages.size() > count) {
        failWithMessage("expected %s to have at most %s stages but it has %s", key, count, stages);
      }
      return this;
    }

    /** Every history stage of {@code key} is read-only and unchanged since its snapshot; the live stage is writable. */
    public StoreAssert hasReadOnlyHistory(String key) {
      isNotNull();
      for (int index : actual.stages(key)) {
        StageAssert stage = stage(key, index);
        if (index == 0) {
          stage.isWritable();
        } else {
          stage.isReadOnly().isUnchangedSinceItsSnapshot();
        }
      }
      return this;
    }

    /** Assertions about stage {@code index} of {@code key}, which must exist. */
    public StageAssert stage(String key, int index) {
      isNotNull();
      String name = key + "." + index;
      if (!actual.isSubvolume(name)) {
        failWithMessage("expected stage %s in %s", name, actual);
      }
      return new StageAssert(actual, name);
    }
  }

  /** Assertions about one stage (subvolume) of a store. */
  public static final class StageAssert extends AbstractAssert<StageAssert, String> {
    private final FakeStore store;

    StageAssert(FakeStore store, String name) {
      super(name, StageAssert.class);
      this.store = store;
    }

    public StageAssert isReadOnly() {
      if (!store.isReadOnly(actual)) {
        failWithMessage("expected stage %s to be read-only", actual);
      }
      return this;
    }

    public StageAssert isWritable() {
      if (store.isReadOnly(actual)) {
        failWithMessage("expected stage %s to be writable", actual);
      }
      return this;
    }

    /** The read-only stage holds exactly what it held when it was snapshotted. */
    public StageAssert isUnchangedSinceItsSnapshot() {
      isReadOnly();
      if (!store.isUnchangedSinceSnapshot(actual)) {
        failWithMessage(
            "expected read-only stage %s to be unchanged since its snapshot, but it changed",
            actual);
      }
      return this;
    }

    /** The stage holds the same tree as {@code directory} (types, file content, link targets). */
    public StageAssert hasSameContentAs(Path directory) {
      return hasContent(TreeContent.of(directory));
    }

    /** The stage holds {@code expected}. */
    public StageAssert hasContent(TreeContent expected) {
      TreeContent content = TreeContent.of(store.root().resolve(actual));
      if (!content.equals(expected)) {
        failWithMessage(
            "expected stage %s to hold%n%s%nbut it holds%n%s", actual, expected, content);
      }
      return this;
    }
  }
}
