package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.BackupEvent;
import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.RestoreRequest;
import dev.mnemosyne.core.VerifyOptions;
import dev.mnemosyne.core.failure.InternalFailureException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@link Error} (the heap running out, a stack overflow) in the middle of a command tears
 * down like any other failure: everything opened is released, and it reaches the caller as an
 * {@link InternalFailureException} saying what happened.
 */
class ErrorTeardownTest {
  @TempDir
  Path root;

  private FakeEnvironment env;
  private BackupConfig config;

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(root);
    Path docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "alpha");
    Files.setLastModifiedTime(
        docs.resolve("a.txt"), FileTime.from(env.clock().instant().minusSeconds(60)));
    config = env.config().rotation(3, 24).directory("docs", docs).build();
    env.mnemosyne().initStore(config);
    env.mnemosyne().backup(config);
  }

  /** A Mnemosyne whose run fails with {@code error} when {@code step} begins. */
  private Mnemosyne failingAt(Step step, Supplier<Error> error) {
    return env.mnemosyneBuilder()
        .listener(event -> {
          if (event instanceof BackupEvent.StepStarted started && started.step() == step) {
            throw error.get();
          }
        })
        .build();
  }

  @Test
  void runningOutOfMemoryWhileVerifyingReleasesTheStore() {
    Mnemosyne m = failingAt(Step.COMPARE, () -> new OutOfMemoryError("Java heap space"));

    assertThatThrownBy(
            () -> m.verify(config, new VerifyOptions(Duration.ofMinutes(1), Optional.empty())))
        .isInstanceOfSatisfying(InternalFailureException.class, e -> {
          assertThat(e.kind()).isEqualTo(InternalFailureException.Kind.OUT_OF_MEMORY);
          assertThat(e.getMessage()).startsWith("out of memory").contains("-Xmx");
        });
    assertThat(env.leftovers()).isEmpty();
  }

  @Test
  void aStackOverflowWhileScrubbingReleasesTheStore() {
    Mnemosyne m = failingAt(Step.SCRUB, StackOverflowError::new);

    assertThatThrownBy(
            () -> m.verify(config, new VerifyOptions(Duration.ofMinutes(1), Optional.of(5))))
        .isInstanceOfSatisfying(
            InternalFailureException.class,
            e -> assertThat(e.kind()).isEqualTo(InternalFailureException.Kind.STACK_OVERFLOW));
    assertThat(env.leftovers()).isEmpty();
  }

  @Test
  void runningOutOfMemoryDuringABackupStopsItAndReleasesTheStore() {
    Mnemosyne m = failingAt(Step.TRANSFER, () -> new OutOfMemoryError("Java heap space"));

    BackupReport report = m.backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.FAILED);
    assertThat(report.failure()).get().isInstanceOf(InternalFailureException.class);
    assertThat(env.leftovers()).isEmpty();
  }

  @Test
  void runningOutOfMemoryWhileListingOrRestoringReleasesTheStore() {
    Mnemosyne m = failingAt(Step.READ_STORE, () -> new OutOfMemoryError("Java heap space"));

    assertThatThrownBy(() -> m.list(config)).isInstanceOf(InternalFailureException.class);
    assertThat(env.leftovers()).isEmpty();
    Mnemosyne restoring = failingAt(Step.RESTORE, () -> new OutOfMemoryError("Java heap space"));
    assertThatThrownBy(() -> restoring.restore(
            config, RestoreRequest.of("docs.0", root.resolve("restored")).asDryRun()))
        .isInstanceOf(InternalFailureException.class);
    assertThat(env.leftovers()).isEmpty();
  }

  @Test
  void runningOutOfMemoryWhileMountingOrInitialisingReleasesWhatWasOpened() {
    Mnemosyne m = failingAt(Step.MOUNT_FILESYSTEM, () -> new OutOfMemoryError("Java heap space"));

    assertThatThrownBy(() -> m.mount(config)).isInstanceOf(InternalFailureException.class);
    assertThat(env.leftovers()).isEmpty();
    BackupConfig other = env.config()
        .storeName("other.btrfs")
        .rotation(3, 24)
        .directory("docs", env.sourceDirectory("more"))
        .build();
    Mnemosyne initialising =
        failingAt(Step.MAKE_FILESYSTEM, () -> new OutOfMemoryError("Java heap space"));
    assertThatThrownBy(() -> initialising.initStore(other))
        .isInstanceOf(InternalFailureException.class);
    assertThat(env.leftovers()).isEmpty();
    assertThat(env.storeExists(other)).isFalse();
  }
}
