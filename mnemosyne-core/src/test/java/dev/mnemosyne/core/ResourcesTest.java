package dev.mnemosyne.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mnemosyne.core.failure.InternalFailureException;
import dev.mnemosyne.core.failure.MnemosyneException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one teardown of every use case: in reverse order, on every path, the first failure reported. */
class ResourcesTest {
  private final List<String> closed = new ArrayList<>();

  private dev.mnemosyne.core.port.Handle handle(String name) {
    return () -> closed.add(name);
  }

  private dev.mnemosyne.core.port.Handle failing(String name) {
    return () -> {
      closed.add(name);
      throw new MnemosyneException("cannot release " + name);
    };
  }

  @Test
  void whatWasAcquiredIsReleasedInReverseOrderAndTheResultReturned() {
    String result = Resources.supply(r -> {
      r.add(handle("remote"));
      r.add(handle("volume"));
      return "done";
    });

    assertThat(result).isEqualTo("done");
    assertThat(closed).containsExactly("volume", "remote");
  }

  @Test
  void theWorksFailureIsThrownWithTheTeardownsAttached() {
    Throwable thrown = catchThrowable(() -> Resources.run(r -> {
      r.add(failing("remote"));
      r.add(handle("volume"));
      throw new IllegalStateException("the work failed");
    }));

    assertThat(thrown)
        .isInstanceOf(MnemosyneException.class)
        .hasMessageContaining("the work failed");
    assertThat(thrown.getSuppressed())
        .extracting(Throwable::getMessage)
        .containsExactly("cannot release remote");
    assertThat(closed).containsExactly("volume", "remote");
  }

  @Test
  void withoutAFailureOfTheWorkTheFirstTeardownFailureIsThrown() {
    Throwable thrown = catchThrowable(() -> Resources.run(r -> {
      r.add(failing("remote"));
      r.add(failing("volume"));
    }));

    assertThat(thrown).hasMessage("cannot release volume");
    assertThat(thrown.getSuppressed())
        .extracting(Throwable::getMessage)
        .containsExactly("cannot release remote");
  }

  @Test
  void anErrorOfTheWorkIsReportedAsAnInternalFailureAfterTheTeardown() {
    Throwable thrown = catchThrowable(() -> Resources.run(r -> {
      r.add(handle("remote"));
      throw new StackOverflowError();
    }));

    assertThat(thrown).isInstanceOf(InternalFailureException.class);
    assertThat(closed).containsExactly("remote");
  }
}
