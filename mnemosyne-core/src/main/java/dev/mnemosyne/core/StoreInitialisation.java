package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.StateFiles;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a store: builds the image under a partial name (formatted, with a filesystem marked
 * as a mnemosyne store) and gives it its real name only when it is complete.
 */
final class StoreInitialisation {
  private static final Logger log = LoggerFactory.getLogger(StoreInitialisation.class);
  /** The name an image has while it is built; it gets its real name only when complete. */
  private static final String PARTIAL_SUFFIX = ".mnemosyne-partial";

  private final StoreSession session;
  private final RunContext context;
  private final EncryptedVolume encryptedVolume;
  private final SnapshotFilesystem snapshotFilesystem;
  private final BackupConfig config;

  StoreInitialisation(
      StoreSession session,
      RunContext context,
      EncryptedVolume encryptedVolume,
      SnapshotFilesystem snapshotFilesystem) {
    this.session = session;
    this.context = context;
    this.encryptedVolume = encryptedVolume;
    this.snapshotFilesystem = snapshotFilesystem;
    this.config = session.config();
  }

  void run() {
    session.requireKey();
    session.withRemote(remote -> {
      Path image = session.image(remote);
      // A dry run refuses too: looking is harmless, and a remote it does not mount shows no image.
      if (Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
        throw new RefusedException(
            "store image " + image + " exists already; refusing to initialise over it"
                + " (remove it by hand if it really is to be thrown away)");
      }
      Path partial = image.resolveSibling(image.getFileName() + PARTIAL_SUFFIX);
      deleteStalePartial(partial);
      try {
        buildStore(partial);
        session.step(Step.CREATE_IMAGE, "rename " + partial + " to " + image);
        if (!context.dryRun()) {
          Files.move(partial, image, StandardCopyOption.ATOMIC_MOVE);
        }
      } catch (RuntimeException | Error | IOException e) {
        if (!context.dryRun()) {
          deleteQuietly(partial);
        }
        throw e instanceof IOException io
            ? new StepFailedException(
                Step.CREATE_IMAGE,
                "cannot name the store image " + image + ": " + io.getMessage(),
                io)
            : Failures.asMnemosyne(e);
      }
      OptionalInt nodes = config.store().nodeSize().bytes();
      String what = " (" + config.store().sizeGigabytes() + " GB, "
          + (config.store().encryption() == Encryption.LUKS ? "LUKS2 encrypted" : "UNENCRYPTED")
          + (nodes.isPresent() ? ", " + nodes.getAsInt() + "-byte tree nodes" : "")
          + ")";
      context
          .listener()
          .on(new BackupEvent.Notice(
              context.dryRun()
                  ? "dry run: store " + image + " would be created" + what + "; nothing was changed"
                  : "store " + image + " is ready" + what));
      return image;
    });
  }

  /** Formats, opens and fills the partial image; everything it opened is closed before it returns. */
  private void buildStore(Path partial) {
    session.step(Step.FORMAT_VOLUME, partial.toString());
    encryptedVolume.format(partial, config.store().sizeBytes(), session.key());
    Resources.run(inner -> {
      session.step(Step.OPEN_VOLUME, partial.toString());
      OpenVolume volume = inner.add(encryptedVolume.open(partial, session.key(), session.id()));
      session.step(Step.MAKE_FILESYSTEM, volume.device().toString());
      snapshotFilesystem.makeFilesystem(
          volume.device(), "mnemosyne", config.store().nodeSize());
      session.step(Step.MOUNT_FILESYSTEM, volume.device().toString());
      MountedFilesystem fs = inner.add(
          snapshotFilesystem.mount(volume.device(), session.id(), config.store().compression()));
      fs.writeState(StateFiles.MARKER, StateFiles.MARKER_CONTENT);
    });
  }

  private void deleteStalePartial(Path partial) {
    if (!context.dryRun() && Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
      context
          .listener()
          .on(new BackupEvent.Notice(
              "removing " + partial + ", left by an initialisation that did not finish"));
      try {
        Files.delete(partial);
      } catch (IOException e) {
        throw new StepFailedException(
            Step.CLEAN_UP_LEFTOVERS, "cannot remove " + partial + ": " + e.getMessage(), e);
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not remove the unfinished store image {}: {}", file, e.getMessage());
    }
  }
}
