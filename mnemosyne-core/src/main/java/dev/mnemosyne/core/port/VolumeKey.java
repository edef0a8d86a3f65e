package dev.mnemosyne.core.port;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.model.KeyDerivation;
import java.nio.file.Path;
import java.util.Optional;

/** What opens a store's volume: a LUKS key file, or nothing for an unencrypted store. */
public sealed interface VolumeKey {

  static VolumeKey keyFile(Path keyFile, Optional<KeyDerivation> derivation) {
    return new KeyFile(keyFile, derivation);
  }

  static VolumeKey none() {
    return new Unencrypted();
  }

  /** A LUKS key file on the client; the derivation settings apply when formatting. */
  record KeyFile(Path path, Optional<KeyDerivation> derivation) implements VolumeKey {
    public KeyFile {
      requireNonNull(path, "path");
      requireNonNull(derivation, "derivation");
    }
  }

  /** The image is a plain filesystem image: no encryption. */
  record Unencrypted() implements VolumeKey {}
}
