package dev.mnemosyne.core;

import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.PointTimes;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.Stage;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.model.StateFiles;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.ScrubResult;
import dev.mnemosyne.core.port.SnapshotFilesystem.Entry;
import dev.mnemosyne.core.port.SubvolumeDetails;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** What a store holds and how sound it is: its stages, and a scrub with a comparison against the sources. */
final class StoreQueries {
  private final StoreSession session;
  private final RunContext context;
  private final EncryptedVolume encryptedVolume;
  private final Optional<Path> stateDirectory;
  private final BackupConfig config;

  StoreQueries(
      StoreSession session,
      RunContext context,
      EncryptedVolume encryptedVolume,
      Optional<Path> stateDirectory) {
    this.session = session;
    this.context = context;
    this.encryptedVolume = encryptedVolume;
    this.stateDirectory = stateDirectory;
    this.config = session.config();
  }

  StoreListing list() {
    return session.withStore(fs -> {
      List<StageListing> stages = new ArrayList<>();
      Map<StageKey, PointTimes> recorded = new HashMap<>();
      for (Entry entry : fs.entries()) {
        Optional<Stage> parsed = Stage.parse(entry.name());
        if (entry.kind() != Entry.Kind.SUBVOLUME || parsed.isEmpty()) {
          continue;
        }
        Stage stage = parsed.get();
        SubvolumeDetails details = fs.details(entry.name());
        if (stage.isLive()) {
          // A store made by the original tool has no sync record: when and how well it synced is
          // unknown.
          Optional<SyncRecord> sync = fs.readState(StateFiles.sync(stage.key()))
              .map(SyncRecord::parse)
              .filter(r -> !r.at().equals(Instant.EPOCH));
          stages.add(new StageListing(
              stage,
              sync.map(SyncRecord::at),
              sync.map(SyncRecord::isComplete),
              entry.readOnly(),
              details));
        } else {
          Optional<Instant> taken = recorded
              .computeIfAbsent(
                  stage.key(),
                  key -> fs.readState(StateFiles.times(key))
                      .map(PointTimes::parse)
                      .orElse(PointTimes.none()))
              .at(stage.index());
          stages.add(new StageListing(
              stage, taken.or(details::created), Optional.empty(), entry.readOnly(), details));
        }
      }
      if (config.strategy().keep().isEmpty()) {
        return new StoreListing(stages);
      }
      return RetentionOutlook.of(stages, config.strategy(), context.clock());
    });
  }

  VerifyReport verify(VerifyOptions options) {
    return session.withStore(fs -> {
      warnOfStaleKits();
      session.step(Step.SCRUB, fs.root() + " (at most " + options.scrubTimeout() + ")");
      ScrubResult scrub = fs.scrub(options.scrubTimeout());
      List<VerifyReport.KeyCheck> keys = new ArrayList<>();
      Random random = new Random();
      for (SourceDirectory source : config.directories()) {
        StageKey key = source.key();
        Path live = fs.root().resolve(Stage.live(key).name());
        Optional<SyncRecord> sync = fs.readState(StateFiles.sync(key)).map(SyncRecord::parse);
        Optional<String> note = !Files.isDirectory(live, LinkOption.NOFOLLOW_LINKS)
            ? Optional.of("no live stage yet")
            : !Files.isDirectory(source.directory())
                ? Optional.of("the source directory is missing")
                : sync.filter(SyncRecord::isComplete).isEmpty()
                    ? Optional.of("the last sync did not complete (or is not"
                        + " recorded); nothing to compare against")
                    : Optional.empty();
        if (note.isPresent()) {
          keys.add(new VerifyReport.KeyCheck(
              key.value(), source.directory(), sync.map(SyncRecord::at), 0, 0, List.of(), note));
          continue;
        }
        session.step(Step.COMPARE, source.directory() + " <-> " + Stage.live(key));
        keys.add(
            new LiveStageComparison(source, live, sync.get().at(), options.sample(), random).run());
      }
      return new VerifyReport(scrub, keys);
    });
  }

  /** Warns of each recovery kit recorded on this client whose key no longer opens the store, from the header alone. */
  private void warnOfStaleKits() {
    if (config.store().encryption() != dev.mnemosyne.core.model.Encryption.LUKS
        || stateDirectory.isEmpty()
        || session.remote().isEmpty()) {
      return;
    }
    try {
      KitRecords kits = new KitRecords(stateDirectory.get(), session.id());
      if (kits.read().isEmpty()) {
        return;
      }
      session.step(Step.READ_KEY_SLOTS, session.image(session.remote().get()).toString());
      kits.stale(encryptedVolume.keySlots(session.image(session.remote().get())))
          .forEach(w -> context.listener().on(new BackupEvent.Warning(w)));
    } catch (java.io.IOException e) {
      context
          .listener()
          .on(new BackupEvent.Warning(
              "cannot read the record of recovery kits: " + e.getMessage()));
    }
  }
}
