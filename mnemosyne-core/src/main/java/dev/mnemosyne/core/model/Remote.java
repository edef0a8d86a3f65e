package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where the store's image lives: a NAS share, a block device, or an already mounted directory. */
public sealed interface Remote {

  /** The kind of remote, as the configuration's {@code remote.type} names it. */
  enum Kind {
    CIFS,
    BLOCK,
    LOCAL
  }

  Kind kind();

  /** A stable, secret-free description used to tell stores apart, e.g. {@code cifs://nas/share}. */
  String identity();

  /**
   * An SMB/CIFS share, {@code //host/share}. Credentials come either inline (username and
   * password) or from a mount.cifs credentials file that the user keeps.
   */
  record Cifs(
      String volume,
      Optional<String> username,
      Optional<Secret> password,
      Optional<Path> credentialsFile,
      List<String> options)
      implements Remote {
    public Cifs {
      requireNonNull(volume, "volume");
      checkArgument(
          volume.startsWith("//") && volume.length() > 2,
          "CIFS volume '%s' must look like //host/share",
          volume);
      requireNonNull(username, "username");
      requireNonNull(password, "password");
      requireNonNull(credentialsFile, "credentialsFile");
      options = List.copyOf(options);
    }

    /** Normalises a UNC name written with backslashes ({@code \\host\share}) to {@code //host/share}. */
    public static String normaliseVolume(String volume) {
      return volume.replace('\\', '/');
    }

    @Override
    public Kind kind() {
      return Kind.CIFS;
    }

    @Override
    public String identity() {
      return "cifs:" + volume;
    }
  }

  /** A block device holding a filesystem, named by path, {@code UUID=…} or {@code LABEL=…}. */
  record Block(String device, List<String> options) implements Remote {
    public Block {
      requireNonNull(device, "device");
      checkArgument(!device.isBlank(), "a block device must be named");
      options = List.copyOf(options);
    }

    @Override
    public Kind kind() {
      return Kind.BLOCK;
    }

    @Override
    public String identity() {
      return "block:" + device;
    }
  }

  /** A directory that is already mounted (a USB disk, an automounted share): nothing to mount. */
  record Local(Path path) implements Remote {
    public Local {
      requireNonNull(path, "path");
      checkArgument(path.isAbsolute(), "local remote path '%s' must be absolute", path);
    }

    @Override
    public Kind kind() {
      return Kind.LOCAL;
    }

    @Override
    public String identity() {
      return "local:" + path;
    }
  }
}
