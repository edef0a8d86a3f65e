package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.EncryptedVolume.OpenVolume;
import dev.mnemosyne.core.port.RemoteMount.MountedRemote;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.core.port.SpaceUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Growing a store to the {@code store.size} its configuration now gives, under the lock: the
 * sparse image is extended, the open volume takes the new room and the filesystem grows to
 * fill it. Each step is a no-op when already done, so a run stopped anywhere is finished by
 * the next; until then the store opens as before, with all its history. A store never
 * shrinks.
 */
final class StoreGrowth {
  private final StoreSession session;
  private final RunContext context;
  private final EncryptedVolume encryptedVolume;
  private final SnapshotFilesystem snapshotFilesystem;
  private final BackupConfig config;

  StoreGrowth(
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

  GrowthReport run() {
    session.requireKey();
    long target = config.store().sizeBytes();
    List<String> warnings = new ArrayList<>();
    GrowthReport done = Resources.supply(resources -> {
      MountedRemote remote = session.openRemote(resources);
      Path image = session.image(remote);
      Optional<Long> before = Optional.empty();
      Optional<Long> remoteFree = Optional.empty();
      if (!context.dryRun()) {
        session.requireImage(image);
        before = Optional.of(encryptedVolume.imageSize(image));
        refuseShrinking(before.get(), target);
        remoteFree = Optional.of(checkRemote(remote.space(), target - before.get(), warnings));
      }
      session.step(Step.OPEN_VOLUME, image.toString());
      OpenVolume volume = resources.add(encryptedVolume.open(image, session.key(), session.id()));
      session.step(Step.MOUNT_FILESYSTEM, volume.device().toString());
      MountedFilesystem fs = resources.add(
          snapshotFilesystem.mount(volume.device(), session.id(), config.store().compression()));
      session.step(Step.READ_STORE, fs.root().toString());
      session.marker().check(fs);
      Optional<Long> fsBefore =
          context.dryRun() ? Optional.empty() : Optional.of(fs.space().totalBytes());
      if (context.dryRun() || before.get() < target) {
        session.step(Step.GROW_IMAGE, image + " to " + config.store().sizeGigabytes() + " GB");
        encryptedVolume.growImage(image, target);
      }
      session.step(Step.RESIZE_VOLUME, volume.device().toString());
      encryptedVolume.resize(image, session.key(), session.id());
      session.step(Step.GROW_FILESYSTEM, fs.root().toString());
      fs.growToFill();
      Optional<Long> fsAfter =
          context.dryRun() ? Optional.empty() : Optional.of(fs.space().totalBytes());
      return new GrowthReport(
          before, target, fsBefore, fsAfter, remoteFree, warnings, context.dryRun());
    });
    if (!done.dryRun()) {
      context.listener().on(new BackupEvent.Notice(describe(done)));
    }
    return done;
  }

  private void refuseShrinking(long imageBytes, long target) {
    if (imageBytes > target) {
      throw new RefusedException(
          "store.size is " + config.store().sizeGigabytes() + " GB but the store image "
              + config.store().name() + " is " + SpaceReport.bytes(imageBytes)
              + " already: a store cannot shrink;"
              + " set store.size to at least " + ((imageBytes + (1L << 30) - 1) >> 30)
              + " (nothing was changed)");
    }
  }

  /**
   * Reports the remote's free space and warns when it is less than the room the image gains: a
   * sparse image needs no space up front, but such a store can fill the remote before it is
   * full itself, and a full remote fails backups (exit 8) rather than losing them.
   */
  private long checkRemote(SpaceUsage remote, long added, List<String> warnings) {
    context
        .listener()
        .on(new BackupEvent.Notice("free space on the remote: " + SpaceReport.describe(remote)
            + (added > 0
                ? "; the sparse image grows by " + SpaceReport.bytes(added)
                    + ", taking room only as it fills"
                : "")));
    if (added > 0 && remote.totalBytes() > 0 && remote.freeBytes() < added) {
      String warning =
          "the remote has " + SpaceReport.bytes(remote.freeBytes()) + " free, less than the "
              + SpaceReport.bytes(added)
              + " the store grows by: it can fill the remote before it is full itself"
              + " (backups then fail as out of space and keep their history)";
      warnings.add(warning);
      context.listener().on(new BackupEvent.Warning(warning));
    }
    return remote.freeBytes();
  }

  private String describe(GrowthReport r) {
    String size = config.store().sizeGigabytes() + " GB";
    if (r.imageGrew()) {
      return "grew store " + config.store().name() + " from "
          + SpaceReport.bytes(r.imageBytesBefore().orElseThrow()) + " to " + size
          + "; its filesystem now has "
          + r.filesystemBytesAfter().map(SpaceReport::bytes).orElse("?");
    }
    if (r.filesystemGrew()) {
      return "store " + config.store().name() + " had been grown to " + size
          + " by a run that did not finish;" + " its filesystem now fills it ("
          + r.filesystemBytesAfter().map(SpaceReport::bytes).orElse("?") + ")";
    }
    return "store " + config.store().name() + " is " + size
        + " already, as store.size says: nothing to grow";
  }
}
