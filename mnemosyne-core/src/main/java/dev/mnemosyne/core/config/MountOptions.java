package dev.mnemosyne.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.core.config.ConfigObject.Element;
import dev.mnemosyne.core.config.ConfigObject.Need;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Extra mount options, given as a JSON array of strings ({@code ["vers=3.0", "uid=0"]}) or
 * as one comma-separated string ({@code "vers=3.0,uid=0"}). Options that would carry
 * credentials are refused: credentials belong in their own keys, where they are kept secret.
 * Messages never repeat an option's text, since a mistyped one may hold a password.
 */
final class MountOptions {
  /** Option names that carry CIFS credentials or override the configured user. */
  static final Set<String> CIFS_CREDENTIAL_OPTIONS =
      Set.of("pass", "password", "password2", "credentials", "cred", "user", "username");

  private MountOptions() {}

  /** The options at {@code key}, empty list if absent; empty after reporting problems. */
  static Optional<List<String>> read(ConfigObject remote, String key, Set<String> refused) {
    Optional<JsonNode> value = remote.field(key, Need.OPTIONAL);
    if (value.isEmpty()) {
      return Optional.of(List.of());
    }
    ConfigPath at = remote.at(key);
    Problems problems = remote.problems();
    int before = problems.count();
    List<String> options = new ArrayList<>();
    if (value.get().isTextual()) {
      String text = value.get().textValue();
      if (text.isBlank()) {
        problems.add(at, "must not be empty; leave it out or write [] for no options");
        return Optional.empty();
      }
      for (String option : text.split(",", -1)) {
        check(option.strip(), at, refused, problems).ifPresent(options::add);
      }
    } else if (value.get().isArray()) {
      for (Element element : remote.elements(value.get(), at, true).orElseThrow()) {
        remote.text(element.node(), element.path(), "a string", false).ifPresent(option -> {
          if (option.contains(",")) {
            problems.add(element.path(), "must hold a single option (no comma)");
          } else {
            check(option, element.path(), refused, problems).ifPresent(options::add);
          }
        });
      }
    } else {
      problems.add(
          at,
          "must be a JSON array of strings or a comma-separated string, got %s",
          Json.describe(value.get()));
    }
    return problems.count() == before ? Optional.of(options) : Optional.empty();
  }

  private static Optional<String> check(
      String option, ConfigPath at, Set<String> refused, Problems problems) {
    if (option.isEmpty()) {
      problems.add(
          at, "must not contain an empty option (two commas in a row, or a comma at an end)");
      return Optional.empty();
    }
    String name = option.split("=", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (refused.contains(name)) {
      problems.add(
          at,
          "must not set \"%s\": credentials go in remote.username and remote.password,"
              + " or in a credentials file named by remote.credentials",
          name);
      return Optional.empty();
    }
    if (option.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      problems.add(at, "must not contain spaces or control characters in an option");
      return Optional.empty();
    }
    return Optional.of(option);
  }
}
