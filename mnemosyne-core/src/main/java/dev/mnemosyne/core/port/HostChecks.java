package dev.mnemosyne.core.port;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.Remote;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Port: checks that the host can run a store's backups (privileges, tools, kernel support, key file). */
public interface HostChecks {

  /** Runs every check that {@code needs} calls for; never throws for a failed check. */
  List<HostCheck> verify(Needs needs);

  /** What a store needs of the host. */
  record Needs(Remote.Kind remote, Encryption encryption, Optional<Path> keyFile) {
    public Needs {
      requireNonNull(remote, "remote");
      requireNonNull(encryption, "encryption");
      requireNonNull(keyFile, "keyFile");
    }
  }

  /** One check's outcome; {@code fix} says what to do when it failed (e.g. the package to install). */
  record HostCheck(String name, boolean passed, String detail, Optional<String> fix) {
    public HostCheck {
      requireNonNull(name, "name");
      requireNonNull(detail, "detail");
      requireNonNull(fix, "fix");
    }

    public static HostCheck pass(String name, String detail) {
      return new HostCheck(name, true, detail, Optional.empty());
    }

    public static HostCheck fail(String name, String detail, String fix) {
      return new HostCheck(name, false, detail, Optional.of(fix));
    }
  }
}
