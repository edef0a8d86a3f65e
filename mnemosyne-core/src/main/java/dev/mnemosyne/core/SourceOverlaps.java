package dev.mnemosyne.core;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.failure.ConfigProblem;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.SourceDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a store lives on this host, seen from the directories it backs up. A source that
 * contains the store's remote directory, its image or the runtime directory (every store's
 * mount points) leaves them out of its copy, or a backup of {@code /} would copy the store into
 * itself; a source that lies inside one of them is a configuration error. Paths are compared
 * as they really are, symbolic links resolved.
 */
public final class SourceOverlaps {
  private SourceOverlaps() {}

  /** What a store occupies on the host: a directory or the image file. */
  record Place(Path path, String what, boolean directory) {
    Place {
      requireNonNull(path, "path");
      requireNonNull(what, "what");
    }
  }

  /**
   * A place left out of one source's copy: {@code pattern} is the rsync exclude, anchored at the
   * source's root, e.g. {@code /srv/nas/} for the remote {@code /x/srv/nas} in the source {@code /x}.
   */
  public record LeftOut(SourceDirectory source, Path place, String what, String pattern) {
    public LeftOut {
      requireNonNull(source, "source");
      requireNonNull(place, "place");
      requireNonNull(what, "what");
      requireNonNull(pattern, "pattern");
    }

    /** One line for people: what is left out of which directory, and why. */
    public String describe() {
      return "leaving " + what + " " + place + " out of the backup of " + source.directory()
          + " (key " + source.key() + "), so that the store is never copied into itself";
    }
  }

  /**
   * What the configured sources leave out, as far as it is known before anything is mounted:
   * the runtime directory and, for a {@code local} remote, its directory and the image in it.
   *
   * @throws ConfigException naming {@code local.directories[i].directory} for a source that lies
   *     inside one of them
   */
  public static List<LeftOut> beforeMounting(BackupConfig config, Optional<Path> runtimeDirectory) {
    List<Place> places = new ArrayList<>();
    runtimeDirectory.ifPresent(dir -> places.add(runtime(dir)));
    if (config.remote() instanceof Remote.Local local) {
      places.add(new Place(local.path(), "the store's remote directory (remote.path)", true));
      places.add(new Place(local.path().resolve(config.store().name()), "the store image", false));
    }
    return check(config.directories(), places);
  }

  /**
   * As {@link #beforeMounting}, with the remote where it is mounted now: a {@code local} remote
   * behind symbolic links, or a share or device mounted under the runtime directory.
   */
  static List<LeftOut> mounted(
      BackupConfig config, Optional<Path> runtimeDirectory, Path remoteDirectory, Path image) {
    List<Place> places = new ArrayList<>();
    runtimeDirectory.ifPresent(dir -> places.add(runtime(dir)));
    places.add(new Place(remoteDirectory, "the store's remote directory", true));
    places.add(new Place(image, "the store image", false));
    return check(config.directories(), places);
  }

  /** The exclude patterns {@code leftOut} holds for {@code source}. */
  static List<String> patternsFor(SourceDirectory source, List<LeftOut> leftOut) {
    return leftOut.stream()
        .filter(l -> l.source().equals(source))
        .map(LeftOut::pattern)
        .toList();
  }

  private static Place runtime(Path dir) {
    return new Place(dir, "mnemosyne's runtime directory (the stores' mount points)", true);
  }

  static List<LeftOut> check(List<SourceDirectory> sources, List<Place> places) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<LeftOut> leftOut = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      SourceDirectory source = sources.get(i);
      Path from = realPath(source.directory());
      List<Path> excluded = new ArrayList<>();
      for (Place place : places) {
        Path at = realPath(place.path());
        if (place.directory() && from.startsWith(at)) {
          problems.add(
              new ConfigProblem(
                  "local.directories[" + i + "].directory",
                  source.directory() + (from.equals(at) ? " is " : " lies inside ") + place.what()
                      + " " + at
                      + ": backing it up would copy the store into itself; choose a directory outside it"));
          break;
        }
        if (!at.equals(from)
            && at.startsWith(from)
            && excluded.stream().noneMatch(at::startsWith)) {
          excluded.add(at);
          String relative = from.relativize(at).toString();
          leftOut.add(new LeftOut(
              source, at, place.what(), "/" + relative + (place.directory() ? "/" : "")));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return List.copyOf(leftOut);
  }

  /**
   * {@code path} with every symbolic link resolved; for a path that does not exist (yet), its
   * longest existing ancestor resolved and the rest appended.
   */
  static Path realPath(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      return absolute;
    }
  }
}
