package dev.mnemosyne.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test method a fresh {@link FakeEnvironment} under a temporary directory of its
 * own, as a parameter of the test method (and of its {@code @BeforeEach} and {@code
 * @AfterEach} methods, which get the same one), and fails the test if anything is still
 * mounted, open, attached, held open or locked when it ends, naming each leftover and showing
 * the journal. The directory is removed afterwards.
 *
 * <pre>{@code
 * @ExtendWith(FakeEnvironmentExtension.class)
 * class MyBackupTest {
 *   @Test
 *   void backsUp(FakeEnvironment env) { ... }
 * }
 * }</pre>
 */
public final class FakeEnvironmentExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeEnvironmentExtension.class);
  private static final String KEY = "environment";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FakeEnvironment.class
        && context.getTestMethod().isPresent();
  }

  @Override
  public FakeEnvironment resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(KEY, key -> newEnvironment(), FakeEnvironment.class);
  }

  private static FakeEnvironment newEnvironment() {
    try {
      return FakeEnvironment.create(Files.createTempDirectory("mnemosyne-testkit-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the fake environment", e);
    }
  }

  /** Fails the test, naming them, if the environment has leftovers; removes its directory either way. */
  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    FakeEnvironment env = context.getStore(NAMESPACE).remove(KEY, FakeEnvironment.class);
    if (env == null) {
      return;
    }
    try {
      List<String> leftovers = env.leftovers();
      if (!leftovers.isEmpty()) {
        throw new AssertionError(
            "the test left " + leftovers.size() + " thing(s) mounted, open or locked:\n  "
                + String.join("\n  ", leftovers) + "\njournal:\n" + env.journal());
      }
    } finally {
      removeDirectory(env.root());
    }
  }

  private static void removeDirectory(Path root) throws IOException {
    if (Files.exists(root)) {
      TreeCopier.deleteTree(root);
    }
  }
}
