package dev.mnemosyne.cli;

import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.Remedy;
import java.util.Optional;

/** A failure's {@link Remedy} in the command's own words: the flag that gets past it. */
final class RemedyText {
  private RemedyText() {}

  /** What to run about {@code e}, when the core knows. */
  static Optional<String> of(RuntimeException e) {
    return e instanceof MnemosyneException known
        ? known.remedy().map(RemedyText::text)
        : Optional.empty();
  }

  static String text(Remedy remedy) {
    return switch (remedy) {
      case INIT_KEY -> "run --init-key to create the key file, or restore it from your safe copy";
      case INIT_STORE -> "run --init-store first";
      case CHANGE_KEY -> "run --change-key to finish the change";
      case FORCE -> "use --force to restore anyway (files of the same name are overwritten)";
    };
  }
}
