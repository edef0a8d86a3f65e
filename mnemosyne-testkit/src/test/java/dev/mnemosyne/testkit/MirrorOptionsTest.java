package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.BlockSize;
import dev.mnemosyne.core.model.Compression;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backup asks the transfer for: each directory's block size, and holes in updates only
 * from a store that does not compress (where zeros would take their full size).
 */
class MirrorOptionsTest {
  @TempDir
  Path root;

  private List<String> mirrorArguments(Compression compression, SourceDirectory... sources) {
    FakeEnvironment env = FakeEnvironment.create(root);
    ConfigBuilder builder = env.config().compression(compression);
    for (SourceDirectory source : sources) {
      builder.directory(source);
    }
    BackupConfig config = builder.build();
    env.mnemosyne().initStore(config);
    int before = env.journal().size();

    BackupReport report = env.mnemosyne().backup(config);

    assertThat(report.outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    return env.journal().since(before).stream()
        .filter(i -> i.operation() == Operation.TRANSFER_MIRROR)
        .map(i -> String.join(" ", i.arguments().subList(2, i.arguments().size())))
        .toList();
  }

  private SourceDirectory source(String key, BlockSize blockSize) throws IOException {
    Path directory = Files.createDirectories(root.resolve("src-" + key));
    Files.writeString(directory.resolve("a.txt"), key);
    return new SourceDirectory(new StageKey(key), directory, List.of(), blockSize);
  }

  @Test
  void eachDirectoryIsComparedInItsOwnBlockSize() throws IOException {
    List<String> arguments = mirrorArguments(
        Compression.DEFAULT,
        source("home", BlockSize.DEFAULT),
        source("images", BlockSize.automatic()),
        source("db", BlockSize.fixed(65536)));

    assertThat(arguments).containsExactly("", "--block-size=auto", "--block-size=65536");
  }

  @Test
  void onlyAStoreWithoutCompressionAsksForHolesInUpdates() throws IOException {
    assertThat(mirrorArguments(Compression.NONE, source("home", BlockSize.DEFAULT)))
        .containsExactly("--sparse");
  }
}
