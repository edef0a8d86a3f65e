package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;
import java.util.Set;

/**
 * LUKS key-derivation settings used when a store is formatted. A key file of 256 random bits
 * gains nothing from a slow KDF, and slow or emulated machines need cheap ones; unset values
 * leave cryptsetup's defaults.
 */
public record KeyDerivation(String algorithm, OptionalInt iterations, OptionalInt memoryKib) {
  /** The algorithms cryptsetup accepts for {@code --pbkdf}. */
  public static final Set<String> ALGORITHMS = Set.of("pbkdf2", "argon2i", "argon2id");

  public KeyDerivation {
    requireNonNull(algorithm, "algorithm");
    checkArgument(
        ALGORITHMS.contains(algorithm),
        "pbkdf algorithm '%s' must be one of %s",
        algorithm,
        ALGORITHMS);
    requireNonNull(iterations, "iterations");
    requireNonNull(memoryKib, "memoryKib");
    checkArgument(iterations.orElse(1) >= 1, "pbkdf iterations must be positive");
    checkArgument(memoryKib.orElse(32) >= 32, "pbkdf memory must be at least 32 KiB");
    checkArgument(
        memoryKib.isEmpty() || !algorithm.equals("pbkdf2"), "pbkdf2 takes no memory cost");
  }
}
