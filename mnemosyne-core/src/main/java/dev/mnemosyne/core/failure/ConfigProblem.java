package dev.mnemosyne.core.failure;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One thing wrong with a configuration file: where it is, as a JSON path such as
 * {@code local.directories[1].key} or {@code $} for the whole document, and what is wrong,
 * in words for the person who wrote the file.
 */
public record ConfigProblem(String path, String message) {
  public ConfigProblem {
    checkArgument(path != null && !path.isEmpty(), "a problem needs a path");
    checkArgument(message != null && !message.isEmpty(), "a problem needs a message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
