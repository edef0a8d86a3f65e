package dev.mnemosyne.core.failure;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used. It carries every problem found in the file at once;
 * its message lists them one per line as {@code path: message}. No message ever contains a
 * password.
 */
public final class ConfigException extends MnemosyneException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable list of records
  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order they appear in the file. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String describe(List<ConfigProblem> problems) {
    checkArgument(!problems.isEmpty(), "a configuration error needs at least one problem");
    return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
  }
}
