package dev.mnemosyne.core.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemosyne.core.config.ConfigObject.Element;
import dev.mnemosyne.core.config.ConfigObject.Need;
import dev.mnemosyne.core.config.ConfigObject.WholeNumber;
import dev.mnemosyne.core.model.Hook;
import dev.mnemosyne.core.model.Hooks;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The optional {@code hooks} object: a {@code before} and an {@code after} hook, each a {@code
 * command} (an array: an absolute program, then its arguments; never a shell line) and a
 * {@code timeout} in seconds.
 */
final class HooksSection {
  static final WholeNumber TIMEOUT = new WholeNumber(
      "a whole number of seconds from 1 to " + Hook.MAX_TIMEOUT.toSeconds() + " (7 days)",
      1,
      Hook.MAX_TIMEOUT.toSeconds(),
      " seconds");

  private HooksSection() {}

  static Optional<Hooks> read(ConfigObject hooks) {
    hooks.allowOnly(Set.of("before", "after"));
    int before = hooks.problems().count();
    Optional<Hook> first = hooks.object("before", Need.OPTIONAL).flatMap(HooksSection::hook);
    Optional<Hook> last = hooks.object("after", Need.OPTIONAL).flatMap(HooksSection::hook);
    return hooks.problems().count() == before
        ? Optional.of(new Hooks(first, last))
        : Optional.empty();
  }

  private static Optional<Hook> hook(ConfigObject hook) {
    hook.allowOnly(Set.of("command", "timeout"));
    Problems problems = hook.problems();
    int before = problems.count();
    List<String> command = new ArrayList<>();
    hook.array("command", Need.REQUIRED, false).ifPresent(elements -> {
      for (Element element : elements) {
        hook.text(element.node(), element.path(), "a string", true).ifPresent(command::add);
      }
      if (problems.count() == before && !command.isEmpty()) {
        ConfigObject.absolutePath(command.get(0), elements.get(0).path(), problems);
      }
    });
    Optional<Long> seconds = hook.wholeNumber("timeout", Need.OPTIONAL, TIMEOUT);
    if (problems.count() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new Hook(command, seconds.map(Duration::ofSeconds).orElse(Hook.DEFAULT_TIMEOUT)));
  }

  /** Refuses hook arguments that hold the remote's password: a hook never receives a secret. */
  static void refuseSecrets(Hooks hooks, Remote remote, Problems problems) {
    if (!(remote instanceof Remote.Cifs cifs) || cifs.password().isEmpty()) {
      return;
    }
    String password = cifs.password().map(Secret::reveal).orElseThrow();
    for (Hook.Phase phase : Hook.Phase.values()) {
      hooks.of(phase).ifPresent(hook -> {
        for (int i = 0; i < hook.command().size(); i++) {
          if (hook.command().get(i).contains(password)) {
            problems.add(
                ConfigPath.ROOT.key("hooks").key(phase.label()).key("command").index(i),
                "must not contain remote.password: hooks run as root and never receive a secret");
          }
        }
      });
    }
  }

  static ObjectNode write(Hooks hooks, JsonNodeFactory json) {
    ObjectNode out = json.objectNode();
    for (Hook.Phase phase : Hook.Phase.values()) {
      hooks.of(phase).ifPresent(hook -> {
        ObjectNode entry = out.putObject(phase.label());
        ArrayNode command = entry.putArray("command");
        hook.command().forEach(command::add);
        entry.put("timeout", hook.timeout().toSeconds());
      });
    }
    return out;
  }
}
