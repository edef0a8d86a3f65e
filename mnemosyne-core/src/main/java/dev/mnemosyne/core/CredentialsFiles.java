package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.port.HostChecks.HostCheck;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The user's own mount.cifs credentials file ({@code remote.credentials}): it holds the share's
 * password, so it must be private, as the key file must.
 */
final class CredentialsFiles {
  private static final String WHAT = "remote.credentials file";

  private CredentialsFiles() {}

  private static Optional<Path> of(Remote remote) {
    return remote instanceof Remote.Cifs cifs ? cifs.credentialsFile() : Optional.empty();
  }

  /** Refuses, as the environment not being ready, a credentials file that is missing or not private. */
  static void requirePrivate(Remote remote) {
    Optional<String> problem = of(remote).flatMap(file -> PrivateFiles.problem(WHAT, file));
    if (problem.isPresent()) {
      throw new EnvironmentNotReadyException(problem.get());
    }
  }

  /** The {@code --verify-environment} check of the credentials file, if the remote has one. */
  static Optional<HostCheck> check(Remote remote) {
    return of(remote)
        .map(file -> PrivateFiles.problem(WHAT, file)
            .map(problem -> HostCheck.fail(
                "credentials file", problem, "chmod 600 " + file + " and chown root " + file))
            .orElseGet(() -> HostCheck.pass("credentials file", file + " is present and private")));
  }
}
