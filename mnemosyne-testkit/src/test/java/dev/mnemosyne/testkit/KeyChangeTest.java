package dev.mnemosyne.testkit;

import static dev.mnemosyne.testkit.MnemosyneAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.BackupEvent;
import dev.mnemosyne.core.BackupReport;
import dev.mnemosyne.core.KeyChangeReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.port.VolumeKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Changing a store's key through the library API over the fakes: the new key opens the store,
 * the old one no longer does, and a change stopped at any call leaves a key file that opens
 * it, which the next change finds and finishes with.
 */
class KeyChangeTest {
  @TempDir
  Path root;

  private FakeEnvironment env;
  private Path docs;
  private BackupConfig config;
  private Path key;
  private Mnemosyne mnemosyne;
  private final List<BackupEvent> events = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    env = FakeEnvironment.create(root);
    docs = env.sourceDirectory("docs");
    Files.writeString(docs.resolve("a.txt"), "alpha");
    config = env.config().rotation(3, 24).directory("docs", docs).build();
    key = config.store().keyFile().orElseThrow();
    mnemosyne = env.mnemosyneBuilder().listener(events::add).build();
    mnemosyne.initStore(config);
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
  }

  private Path sibling(String suffix) {
    return key.resolveSibling(key.getFileName() + suffix);
  }

  private boolean opens(Path keyFile) {
    try {
      env.encryptedVolume()
          .checkKey(env.store(config).image(), VolumeKey.keyFile(keyFile, Optional.empty()));
      return true;
    } catch (StepFailedException e) {
      assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
      return false;
    }
  }

  private Path copyOfTheKey() throws IOException {
    Path copy = root.resolve("old-key-copy");
    Files.copy(key, copy);
    return copy;
  }

  @Test
  void theNewKeyOpensTheStoreAndTheOldOneNoLonger() throws IOException {
    Path old = copyOfTheKey();
    String oldContent = Files.readString(key);

    KeyChangeReport report = mnemosyne.changeKey(config);

    assertThat(report.keyFile()).isEqualTo(key);
    assertThat(report.removedSlot()).isPresent();
    assertThat(report.resumed()).isEmpty();
    assertThat(Files.readString(key)).isNotEqualTo(oldContent).matches("[0-9a-f]{64}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(sibling(".new")).doesNotExist();
    assertThat(sibling(".old")).doesNotExist();
    assertThat(opens(key)).isTrue();
    assertThat(opens(old)).isFalse();
    assertThat(env.encryptedVolume().keySlots(env.store(config).image())).hasSize(1);
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(env).hasNothingMountedOrOpen();
    assertThat(events)
        .filteredOn(BackupEvent.Notice.class::isInstance)
        .map(Object::toString)
        .anyMatch(n -> n.contains("recovery kit"));
  }

  @Test
  void aStoreWhoseKeyChangedRefusesTheOldKey() throws IOException {
    Path old = copyOfTheKey();
    mnemosyne.changeKey(config);
    BackupConfig withOldKey =
        env.config().rotation(3, 24).directory("docs", docs).keyFile(old).build();

    BackupReport report = mnemosyne.backup(withOldKey);

    assertThat(report.failure())
        .hasValueSatisfying(f -> assertThat(f)
            .isInstanceOfSatisfying(
                StepFailedException.class,
                s -> assertThat(s.reason()).isEqualTo(Reason.WRONG_KEY)));
    assertThat(env).hasNothingMountedOrOpen();
  }

  static Stream<Arguments> stops() {
    return Stream.of(
        Arguments.of(Operation.VOLUME_ADD_KEY, 1, Fault.cancelled()),
        Arguments.of(Operation.VOLUME_ADD_KEY, 1, Fault.cancelled().afterTheEffect()),
        Arguments.of(Operation.VOLUME_SLOT_OF, 1, Fault.cancelled()),
        Arguments.of(Operation.VOLUME_SLOT_OF, 2, Fault.cancelled()),
        Arguments.of(Operation.VOLUME_REMOVE_KEY, 1, Fault.cancelled()),
        Arguments.of(Operation.VOLUME_REMOVE_KEY, 1, Fault.cancelled().afterTheEffect()),
        Arguments.of(Operation.VOLUME_SLOT_OF, 3, Fault.cancelled()),
        Arguments.of(Operation.REMOTE_UNMOUNT, 1, Fault.error()));
  }

  @ParameterizedTest(name = "{0} #{1} {2}")
  @MethodSource("stops")
  void aChangeStoppedAnywhereLeavesAKeyThatOpensAndTheNextChangeFinishesIt(
      Operation operation, int n, Fault fault) throws IOException {
    Path old = copyOfTheKey();
    env.faults().fail(operation, n, fault);

    assertThatThrownBy(() -> mnemosyne.changeKey(config)).isInstanceOf(StepFailedException.class);

    assertThat(Stream.of(key, sibling(".new"), sibling(".old"))
            .filter(Files::exists)
            .anyMatch(this::opens))
        .as("a key file on disk opens the store")
        .isTrue();
    env.simulateProcessExit();
    KeyChangeReport next = mnemosyne.changeKey(config);

    assertThat(opens(key)).isTrue();
    assertThat(sibling(".new")).doesNotExist();
    assertThat(sibling(".old")).doesNotExist();
    assertThat(env.encryptedVolume().keySlots(env.store(config).image())).hasSize(1);
    assertThat(mnemosyne.backup(config).outcome()).isEqualTo(BackupReport.Outcome.SUCCESS);
    assertThat(opens(old)).as("the old key, after %s", next).isFalse();
  }

  @Test
  void aChangeStoppedAfterTheKeyFileWasReplacedIsFinishedByTheNext() throws IOException {
    Path old = copyOfTheKey();
    mnemosyne.changeKey(config);
    Files.copy(old, sibling(".old"));

    KeyChangeReport next = mnemosyne.changeKey(config);

    assertThat(next.resumed())
        .hasValueSatisfying(r -> assertThat(r).contains(".old").contains("finishing"));
    assertThat(sibling(".old")).doesNotExist();
    assertThat(opens(key)).isTrue();
  }

  @Test
  void aNewKeyThatNeverReachedTheStoreIsReplacedAndTheBackupsSaySo() throws IOException {
    Files.writeString(sibling(".new"), "f".repeat(64));
    Files.setPosixFilePermissions(sibling(".new"), PosixFilePermissions.fromString("rw-------"));
    mnemosyne.backup(config);
    assertThat(events)
        .filteredOn(BackupEvent.Warning.class::isInstance)
        .map(Object::toString)
        .anyMatch(w -> w.contains("change the key again to finish the change"));

    KeyChangeReport report = mnemosyne.changeKey(config);

    assertThat(report.resumed())
        .hasValueSatisfying(r -> assertThat(r).contains("never opened the store"));
    assertThat(opens(key)).isTrue();
    assertThat(Files.readString(key)).isNotEqualTo("f".repeat(64));
  }

  @Test
  void anUnencryptedStoreHasNoKeyToChange() {
    BackupConfig plain = env.config()
        .storeName("plain.img")
        .unencrypted()
        .directory("docs", docs)
        .build();
    mnemosyne.initStore(plain);
    assertThatThrownBy(() -> mnemosyne.changeKey(plain))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("no key");
  }
}
