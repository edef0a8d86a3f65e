package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.StoreId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs small test classes that use the extension through the JUnit platform and checks their results. */
class FakeEnvironmentExtensionTest {
  /** The environments the classes below were given, in order. */
  static final List<FakeEnvironment> seen = new ArrayList<>();

  private static TestExecutionSummary run(Class<?> testClass) {
    seen.clear();
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(testClass))
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  private static List<String> failureMessages(TestExecutionSummary summary) {
    return summary.getFailures().stream()
        .map(f -> String.valueOf(f.getException().getMessage()))
        .toList();
  }

  @ExtendWith(FakeEnvironmentExtension.class)
  static class BacksUpAndReleasesEverything {
    @BeforeEach
    void setUp(FakeEnvironment env) {
      seen.add(env);
    }

    @Test
    void backsUp(FakeEnvironment env) throws IOException {
      seen.add(env);
      Path docs = env.sourceDirectory("docs");
      Files.writeString(docs.resolve("a.txt"), "alpha");
      BackupConfig config = env.config().rotation(3, 24).directory("docs", docs).build();
      Mnemosyne mnemosyne = env.mnemosyne();
      mnemosyne.initStore(config);
      assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    }

    @Test
    void getsAnotherEnvironment(FakeEnvironment env) {
      seen.add(env);
    }
  }

  @ExtendWith(FakeEnvironmentExtension.class)
  static class LeavesALockHeld {
    @Test
    void forgetsToRelease(FakeEnvironment env) {
      env.runLock().acquire(new StoreId("forgotten"));
    }
  }

  @ExtendWith(FakeEnvironmentExtension.class)
  static class LeavesAFileOpenAndAStoreMounted {
    @Test
    void forgetsToClose(FakeEnvironment env) throws IOException {
      Path docs = env.sourceDirectory("docs");
      BackupConfig config = env.config()
          .remote(env.cifsRemote())
          .rotation(3, 24)
          .directory("docs", docs)
          .build();
      env.mnemosyne().initStore(config);
      env.mnemosyne().mount(config);
      env.holdOpen(Files.writeString(docs.resolve("open.txt"), "in use"));
    }
  }

  @Test
  void eachTestGetsAFreshEnvironmentSharedWithItsSetUpAndRemovedAfterwards() {
    TestExecutionSummary summary = run(BacksUpAndReleasesEverything.class);

    assertThat(failureMessages(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(seen).hasSize(4);
    assertThat(seen.get(0)).isSameAs(seen.get(1));
    assertThat(seen.get(2)).isSameAs(seen.get(3)).isNotSameAs(seen.get(0));
    assertThat(seen.get(0).root()).doesNotExist();
    assertThat(seen.get(2).root()).doesNotExist();
  }

  @Test
  void aLockLeftHeldFailsTheTestNamingIt() {
    TestExecutionSummary summary = run(LeavesALockHeld.class);

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(failureMessages(summary))
        .singleElement()
        .asString()
        .contains("left 1 thing(s) mounted, open or locked")
        .contains("lock held: forgotten")
        .contains("LOCK_ACQUIRE");
  }

  @Test
  void aMountedStoreAndAFileHeldOpenFailTheTestNamingEach() {
    TestExecutionSummary summary = run(LeavesAFileOpenAndAStoreMounted.class);

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(failureMessages(summary))
        .singleElement()
        .asString()
        .contains("remote mounted: store ")
        .contains("/remotes/")
        .contains("volume open: store ")
        .contains("filesystem mounted: store ")
        .contains("file held open: ")
        .contains("open.txt");
  }
}
