package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The store: an image file called {@code name} on the remote, {@code sizeGigabytes} large
 * (sparse), encrypted with the key in {@code keyFile} unless encryption is {@link
 * Encryption#NONE}, its filesystem mounted with {@code compression} and made (once, by {@code
 * --init-store}) with tree nodes of {@code nodeSize}.
 */
public record StoreSpec(
    String name,
    long sizeGigabytes,
    Encryption encryption,
    Optional<Path> keyFile,
    Optional<KeyDerivation> keyDerivation,
    Compression compression,
    TreeNodeSize nodeSize) {

  /** A store whose filesystem has (or will have) mnemosyne's {@link TreeNodeSize#DEFAULT default nodes}. */
  public StoreSpec(
      String name,
      long sizeGigabytes,
      Encryption encryption,
      Optional<Path> keyFile,
      Optional<KeyDerivation> keyDerivation,
      Compression compression) {
    this(
        name, sizeGigabytes, encryption, keyFile, keyDerivation, compression, TreeNodeSize.DEFAULT);
  }

  /** A store with the {@link Compression#DEFAULT default compression} and default nodes. */
  public StoreSpec(
      String name,
      long sizeGigabytes,
      Encryption encryption,
      Optional<Path> keyFile,
      Optional<KeyDerivation> keyDerivation) {
    this(name, sizeGigabytes, encryption, keyFile, keyDerivation, Compression.DEFAULT);
  }

  public StoreSpec {
    requireNonNull(name, "name");
    checkArgument(isSafeName(name), "store name '%s' must be a plain file name", name);
    checkArgument(sizeGigabytes > 0, "store size (%s GB) must be positive", sizeGigabytes);
    requireNonNull(encryption, "encryption");
    requireNonNull(keyFile, "keyFile");
    requireNonNull(keyDerivation, "keyDerivation");
    checkArgument(
        encryption != Encryption.LUKS || keyFile.isPresent(),
        "an encrypted store needs a key file");
    keyFile.ifPresent(
        k -> checkArgument(k.isAbsolute(), "key file '%s' must be an absolute path", k));
    requireNonNull(compression, "compression");
    requireNonNull(nodeSize, "nodeSize");
  }

  /** Whether {@code name} is usable as the image's file name: no separators, no dot names. */
  public static boolean isSafeName(String name) {
    return name != null
        && !name.isEmpty()
        && !name.contains("/")
        && !name.contains("\0")
        && !name.equals(".")
        && !name.equals("..")
        && !name.contains("..")
        && name.length() <= 200;
  }

  public long sizeBytes() {
    return Math.multiplyExact(sizeGigabytes, 1L << 30);
  }
}
