package dev.mnemosyne.adapters.linux;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the test classes named in its arguments and prints one line per test or container that
 * ended or was skipped: {@code SKIPPED name: reason}, {@code FAILED name: message} or {@code
 * PASSED name}. A child JVM runs it to see how the real-tool tests behave on another host.
 */
final class TestRunReport {
  private TestRunReport() {}

  public static void main(String[] args) throws ClassNotFoundException {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (String name : args) {
      request.selectors(selectClass(Class.forName(name)));
    }
    LauncherDiscoveryRequest discovery = request.build();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(discovery, new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier test, String reason) {
        System.out.println("SKIPPED " + test.getDisplayName() + ": " + reason.replace('\n', ' '));
      }

      @Override
      public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
          System.out.println("FAILED " + test.getDisplayName() + ": "
              + result
                  .getThrowable()
                  .map(Throwable::toString)
                  .orElse(result.getStatus().toString())
                  .replace('\n', ' '));
        } else if (test.isTest()) {
          System.out.println("PASSED " + test.getDisplayName());
        }
      }
    });
  }
}
