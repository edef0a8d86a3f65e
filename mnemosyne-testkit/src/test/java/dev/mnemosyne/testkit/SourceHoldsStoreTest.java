package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.BackupEvent;
import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.SourceOverlaps;
import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Remote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that holds the store (its remote directory, its image, the runtime directory with
 * every store's mount points) leaves it out of its copy, found by real paths with symbolic
 * links resolved; a source inside one of them is a configuration error naming its JSON path,
 * before anything is locked or mounted.
 */
class SourceHoldsStoreTest {
  @TempDir
  Path root;

  private FakeEnvironment env;
  private Path source;
  private final List<BackupEvent> events = new ArrayList<>();

  @BeforeEach
  void aSourceWithFiles() throws IOException {
    env = FakeEnvironment.create(root);
    source = env.sourceDirectory("x");
    Files.writeString(source.resolve("a.txt"), "one");
  }

  @Test
  void aSourceThatHoldsTheRemoteLeavesItOutAndKeepsItsHistory() throws IOException {
    Path nas = Files.createDirectories(source.resolve("srv/nas"));
    BackupConfig config = env.config()
        .remote(new Remote.Local(nas))
        .rotation(3, 0)
        .directory("x", source)
        .build();
    Mnemosyne mnemosyne = mnemosyne();
    mnemosyne.initStore(config);

    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    Files.writeString(source.resolve("a.txt"), "two");
    env.clock().advance(Duration.ofHours(1));
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);

    assertThat(env.store(config)).hasExactlyStages("x", 0, 1);
    assertThat(env.store(config).stage("x", 0).resolve("a.txt")).hasContent("two");
    assertThat(env.store(config).stage("x", 1).resolve("a.txt")).hasContent("one");
    assertThat(env.store(config).stage("x", 0).resolve("srv"))
        .as("the source's other content")
        .isDirectory();
    assertThat(env.store(config).stage("x", 0).resolve("srv/nas"))
        .as("the remote is left out")
        .doesNotExist();
    assertThat(events)
        .anySatisfy(e -> assertThat(e)
            .isInstanceOfSatisfying(
                BackupEvent.Notice.class,
                n -> assertThat(n.message())
                    .contains("leaving the store's remote directory", nas.toString())));
    assertThat(env).hasNothingMountedOrOpen();
  }

  @Test
  void aRemoteNamedThroughASymbolicLinkIsFoundByItsRealPath() throws IOException {
    Path nas = Files.createDirectories(source.resolve("nas"));
    Path link = Files.createSymbolicLink(root.resolve("nas-link"), nas);
    BackupConfig config =
        env.config().remote(new Remote.Local(link)).directory("x", source).build();

    List<SourceOverlaps.LeftOut> leftOut = SourceOverlaps.beforeMounting(config, Optional.empty());

    assertThat(leftOut).singleElement().satisfies(l -> {
      assertThat(l.pattern()).isEqualTo("/nas/");
      assertThat(l.place()).isEqualTo(nas.toRealPath());
    });
  }

  @Test
  void theRuntimeDirectoryInsideASourceIsLeftOutOnceWithWhatItHolds() throws IOException {
    Path runtime = source.resolve("run/mnemosyne");
    BackupConfig config = env.config().directory("x", source).build();

    List<SourceOverlaps.LeftOut> leftOut =
        SourceOverlaps.beforeMounting(config, Optional.of(runtime));

    assertThat(leftOut)
        .extracting(SourceOverlaps.LeftOut::pattern)
        .containsExactly("/run/mnemosyne/");
  }

  @Test
  void aSourceInsideTheRemoteIsAConfigurationErrorAndNothingIsTouched() throws IOException {
    Path nas = Files.createDirectories(root.resolve("nas"));
    Path inside = Files.createDirectories(nas.resolve("inner"));
    BackupConfig config = env.config()
        .remote(new Remote.Local(nas))
        .directory("x", source)
        .directory("inner", inside)
        .build();
    int before = env.journal().size();

    ConfigException refused =
        catchThrowableOfType(ConfigException.class, () -> mnemosyne().backup(config));

    assertThat(refused).isNotNull();
    assertThat(refused.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("local.directories[1].directory");
      assertThat(p.message())
          .contains(inside.toString(), "lies inside the store's remote directory");
    });
    assertThat(env.journal().since(before))
        .as("nothing locked, mounted or copied")
        .isEmpty();
  }

  @Test
  void aSourceThatIsOrLiesInTheRuntimeDirectoryIsAConfigurationError() throws IOException {
    Path runtime = Files.createDirectories(env.runtimeDirectory());
    Path inside = Files.createDirectories(runtime.resolve("a-store/store"));
    for (Path directory : List.of(runtime, inside)) {
      BackupConfig config = env.config().directory("x", directory).build();

      ConfigException refused =
          catchThrowableOfType(ConfigException.class, () -> mnemosyne().backup(config));

      assertThat(refused).as(directory.toString()).isNotNull();
      assertThat(refused.problems()).singleElement().satisfies(p -> {
        assertThat(p.path()).isEqualTo("local.directories[0].directory");
        assertThat(p.message()).contains("runtime directory");
      });
    }
  }

  private Mnemosyne mnemosyne() {
    return env.mnemosyneBuilder().listener(events::add).build();
  }
}
