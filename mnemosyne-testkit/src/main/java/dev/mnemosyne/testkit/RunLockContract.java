package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.Handle;
import dev.mnemosyne.core.port.RunLock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RunLock} must have: one holder per store at a time. Subclass it
 * and supply two lock instances that stand for two runs (for a file lock, two instances over
 * the same lock directory).
 */
public abstract class RunLockContract {
  private final HandleTracker handles = new HandleTracker();
  private RunLock first;
  private RunLock second;
  private StoreId store;

  /** The implementation under test; called once before each test. */
  protected abstract RunLock runLock();

  /** Another instance that shares the first one's locks, as a second run would; by default {@link #runLock()} again. */
  protected RunLock anotherRunLock() {
    return runLock();
  }

  @BeforeEach
  final void setUpRunLockContract() {
    first = runLock();
    second = anotherRunLock();
    store = newStore();
  }

  @AfterEach
  final void tearDownRunLockContract() {
    RuntimeException failure = handles.closeAll();
    if (failure != null) {
      throw failure;
    }
  }

  private static StoreId newStore() {
    return new StoreId("contract-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void aSecondHolderIsRejectedUntilTheFirstReleases() {
    Handle held = handles.track(first.acquire(store));
    StoreLockedException locked = catchThrowableOfType(
        StoreLockedException.class, () -> handles.track(second.acquire(store)));
    assertThat(locked).as("a second run's attempt to lock the store").isNotNull();
    assertThat(locked.getMessage()).contains(store.value());
    held.close();
    assertThatCode(() -> handles.track(second.acquire(store))).doesNotThrowAnyException();
  }

  @Test
  void theSameInstanceCannotLockAStoreTwice() {
    handles.track(first.acquire(store));
    assertThat(catchThrowableOfType(
            StoreLockedException.class, () -> handles.track(first.acquire(store))))
        .as("locking a store that is locked")
        .isNotNull();
  }

  @Test
  void differentStoresDoNotBlockEachOther() {
    handles.track(first.acquire(store));
    assertThatCode(() -> handles.track(second.acquire(newStore()))).doesNotThrowAnyException();
  }

  @Test
  void releasingTwiceIsHarmlessAndTheStoreCanBeLockedAgain() {
    Handle held = first.acquire(store);
    held.close();
    assertThatCode(held::close).doesNotThrowAnyException();
    assertThatCode(() -> handles.track(first.acquire(store))).doesNotThrowAnyException();
  }
}
