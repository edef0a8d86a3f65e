package dev.mnemosyne.core.config;

import com.google.common.base.Strings;
import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.failure.ConfigProblem;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one configuration document, so that all are reported at once. */
final class Problems {
  private final List<ConfigProblem> found = new ArrayList<>();

  /** Records a problem; {@code template} takes {@code %s} placeholders, filled from {@code args}. */
  void add(ConfigPath path, String template, Object... args) {
    found.add(new ConfigProblem(path.text(), Strings.lenientFormat(template, args)));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  int count() {
    return found.size();
  }

  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new ConfigException(found);
    }
  }
}
