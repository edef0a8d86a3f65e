package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemosyne.core.BackupEvent;
import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.TreeNodeSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code store.nodeSize} reaches the filesystem when the store is made, and only then. */
class NodeSizeTest {
  @TempDir
  Path root;

  private static List<List<String>> filesystemsMade(FakeEnvironment env) {
    return env.journal().since(0).stream()
        .filter(i -> i.operation() == Operation.FILESYSTEM_MAKE)
        .map(Interaction::arguments)
        .toList();
  }

  private Path mail() throws IOException {
    Path mail = Files.createDirectories(root.resolve("mail"));
    Files.writeString(mail.resolve("1.eml"), "hello");
    return mail;
  }

  @Test
  void aStoreIsMadeWithTheNodesItsConfigurationNames() throws IOException {
    FakeEnvironment env = FakeEnvironment.create(root);
    BackupConfig config =
        env.config().directory("mail", mail()).nodeSize(TreeNodeSize.KIB_4).build();

    env.mnemosyne().initStore(config);
    assertThat(env.mnemosyne().backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);

    assertThat(filesystemsMade(env))
        .singleElement()
        .satisfies(arguments -> assertThat(arguments).endsWith("mnemosyne", "KIB_4"));
  }

  @Test
  void withoutTheSettingTheFilesystemChoosesItsOwnNodes() throws IOException {
    FakeEnvironment env = FakeEnvironment.create(root);
    BackupConfig config = env.config().directory("mail", mail()).build();
    List<BackupEvent> events = new ArrayList<>();

    env.mnemosyneBuilder().listener(events::add).build().initStore(config);

    assertThat(filesystemsMade(env))
        .singleElement()
        .satisfies(arguments -> assertThat(arguments).endsWith("mnemosyne", "DEFAULT"));
  }
}
