package dev.mnemosyne.core;

import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.Stage;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.port.SnapshotFilesystem.Entry;
import dev.mnemosyne.core.port.Transfer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Copies a file or tree from one of the store's stages back into a directory, after checking both ends. */
final class Restoration {
  private final StoreSession session;
  private final BackupListener listener;
  private final Transfer transfer;

  Restoration(StoreSession session, BackupListener listener, Transfer transfer) {
    this.session = session;
    this.listener = listener;
    this.transfer = transfer;
  }

  RestoreReport run(RestoreRequest request) {
    Optional<SourceDirectory> source = session.config().directories().stream()
        .filter(d -> d.key().equals(request.key()))
        .findFirst();
    Path target = request.target().toAbsolutePath().normalize();
    Path relative = RestorePaths.inStage(request.path(), source.map(SourceDirectory::directory));
    RestorePaths.checkTarget(target, source.map(SourceDirectory::directory), request.force());
    Stage stage = new Stage(request.key(), request.stage());
    return session.withStore(fs -> {
      List<String> present = fs.entries().stream()
          .filter(e -> e.kind() == Entry.Kind.SUBVOLUME)
          .map(Entry::name)
          .filter(n -> Stage.parse(n).filter(s -> s.key().equals(stage.key())).isPresent())
          .sorted()
          .collect(Collectors.toList());
      if (!present.contains(stage.name())) {
        throw new RefusedException("the store holds no stage " + stage
            + (present.isEmpty()
                ? " (and no stage of key " + stage.key() + " at all)"
                : "; it holds " + String.join(", ", present)));
      }
      Path stageRoot = fs.root().resolve(stage.name());
      Path from = RestorePaths.confine(stageRoot, relative);
      if (!request.dryRun()) {
        RestorePaths.createTarget(target);
      }
      session.step(Step.RESTORE, from + " -> " + target + (request.dryRun() ? " (dry run)" : ""));
      List<String> listed = new ArrayList<>();
      long items = transfer.restore(from, target, request.dryRun(), item -> {
        if (request.dryRun()) {
          // Each path goes out as it comes; the report keeps only the first ones, whatever the
          // tree's size.
          listener.on(new BackupEvent.WouldRestore(item));
          if (listed.size() < RestoreReport.LISTED_ITEMS) {
            listed.add(item);
          }
        }
      });
      return new RestoreReport(stage, relative.toString(), target, request.dryRun(), items, listed);
    });
  }
}
