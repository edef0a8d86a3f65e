package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.failure.ConfigProblem;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.KeyDerivation;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.Secret;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

  @Test
  void theOriginalTemplateLoadsUnchanged() {
    BackupConfig config = ConfigLoader.parse(Seeds.template());

    Remote.Cifs remote = (Remote.Cifs) config.remote();
    assertThat(remote.volume()).isEqualTo("//nas/volume");
    assertThat(remote.username()).contains("fred");
    assertThat(remote.password().map(Secret::reveal)).contains("alskdjaslkdjasld");
    assertThat(remote.credentialsFile()).isEmpty();
    assertThat(remote.options()).isEmpty();
    assertThat(config.store().name()).isEqualTo("thing.btrfs");
    assertThat(config.store().sizeGigabytes()).isEqualTo(10);
    assertThat(config.store().encryption()).isEqualTo(Encryption.LUKS);
    assertThat(config.store().keyFile()).contains(Path.of("/usr/local/backup/key"));
    assertThat(config.store().keyDerivation()).isEmpty();
    assertThat(config.strategy().stages()).isEqualTo(15);
    assertThat(config.strategy().period()).isEqualTo(Duration.ofHours(72));
    assertThat(config.directories())
        .containsExactly(new SourceDirectory(new StageKey("etc"), Path.of("/etc")));
  }

  @Test
  void theOriginalReadmeHasTwoExamplesAndBothLoadUnchanged() {
    List<String> examples = Seeds.readmeExamples();
    assertThat(examples).hasSize(2);

    BackupConfig cifs = ConfigLoader.parse(examples.get(0));
    assertThat(cifs.remote())
        .isEqualTo(new Remote.Cifs(
            "//synologic.local/volumename",
            Optional.of("user123"),
            Optional.of(Secret.of("PASSWORD-GOES-HERE")),
            Optional.empty(),
            List.of()));
    assertReadmeStoreAndStrategy(cifs);

    BackupConfig iscsi = ConfigLoader.parse(examples.get(1));
    assertThat(iscsi.remote())
        .isEqualTo(new Remote.Block("UUID=441c6328-515d-45c7-84d9-bffb3097fbac", List.of()));
    assertReadmeStoreAndStrategy(iscsi);
  }

  private static void assertReadmeStoreAndStrategy(BackupConfig config) {
    assertThat(config.store().name()).isEqualTo("backup.btrfs");
    assertThat(config.store().sizeGigabytes()).isEqualTo(2200);
    assertThat(config.store().sizeBytes()).isEqualTo(2200L << 30);
    assertThat(config.store().keyFile()).contains(Path.of("/usr/local/etc/mnemosyne/key"));
    assertThat(config.strategy().stages()).isEqualTo(8);
    assertThat(config.strategy().period()).isEqualTo(Duration.ofHours(168));
    assertThat(config.directories())
        .extracting(d -> d.key().value())
        .containsExactly("etc", "home");
    assertThat(config.directories())
        .extracting(SourceDirectory::directory)
        .containsExactly(Path.of("/etc"), Path.of("/home"));
  }

  @Test
  void theBlockDeviceMayBeNamedByTheKeyTheOriginalTableUses() {
    String json = Seeds.readmeExamples().get(1).replace("\"device\"", "\"block\"");

    assertThat(ConfigLoader.parse(json).remote())
        .isEqualTo(new Remote.Block("UUID=441c6328-515d-45c7-84d9-bffb3097fbac", List.of()));
  }

  @Test
  void thereAreFiveShippedExamples() {
    assertThat(Seeds.examples())
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder(
            "block.json",
            "cifs-credentials-file.json",
            "cifs.json",
            "local.json",
            "unencrypted-local.json");
  }

  @ParameterizedTest
  @MethodSource("dev.mnemosyne.core.config.Seeds#examples")
  void everyShippedExampleLoads(Path example) {
    BackupConfig config = ConfigLoader.load(example);

    assertThat(config.directories()).isNotEmpty();
    assertThat(ConfigLoader.parse(ConfigLoader.redactedJson(config)).store())
        .isEqualTo(config.store());
  }

  @Test
  void theShippedExamplesMeanWhatTheirReadmeSays() {
    Path dir = Seeds.examplesDirectory();

    Remote.Cifs cifs = (Remote.Cifs) ConfigLoader.load(dir.resolve("cifs.json")).remote();
    assertThat(cifs.volume()).isEqualTo("//nas.example.lan/backup");
    assertThat(cifs.options()).containsExactly("vers=3.1.1", "seal");

    BackupConfig withFile = ConfigLoader.load(dir.resolve("cifs-credentials-file.json"));
    Remote.Cifs byFile = (Remote.Cifs) withFile.remote();
    assertThat(byFile.volume()).isEqualTo("//nas.example.lan/backup/laptop");
    assertThat(byFile.credentialsFile())
        .contains(Path.of("/usr/local/etc/mnemosyne/nas.credentials"));
    assertThat(byFile.username()).isEmpty();
    assertThat(byFile.password()).isEmpty();
    assertThat(byFile.options()).containsExactly("vers=3.0", "iocharset=utf8");
    assertThat(withFile.store().keyDerivation())
        .contains(new KeyDerivation("argon2id", OptionalInt.of(4), OptionalInt.of(65536)));

    BackupConfig block = ConfigLoader.load(dir.resolve("block.json"));
    assertThat(block.directories().get(2).excludes()).containsExactly("docker/", "lxcfs/");

    BackupConfig local = ConfigLoader.load(dir.resolve("local.json"));
    assertThat(local.remote()).isEqualTo(new Remote.Local(Path.of("/media/usb-backup")));
    assertThat(local.store().keyDerivation())
        .contains(new KeyDerivation("pbkdf2", OptionalInt.of(1000), OptionalInt.empty()));

    BackupConfig unencrypted = ConfigLoader.load(dir.resolve("unencrypted-local.json"));
    assertThat(unencrypted.store().encryption()).isEqualTo(Encryption.NONE);
    assertThat(unencrypted.store().keyFile()).isEmpty();
    assertThat(unencrypted.strategy().period()).isEqualTo(Duration.ofMinutes(30));
    assertThat(unencrypted.strategy().stages()).isEqualTo(30);
  }

  @Test
  void aVolumeAlreadyWrittenWithSlashesIsKept() {
    assertThat(Remote.Cifs.normaliseVolume("\\\\nas\\share\\sub")).isEqualTo("//nas/share/sub");
    String json = Seeds.template().replace("\\\\\\\\nas\\\\volume", "//nas/volume/sub dir");

    assertThat(((Remote.Cifs) ConfigLoader.parse(json).remote()).volume())
        .isEqualTo("//nas/volume/sub dir");
  }

  @Test
  void directoriesAreNormalised() {
    String json = Seeds.template().replace("\"/etc\"", "\"//etc/./nginx/\"");

    assertThat(ConfigLoader.parse(json).directories().get(0).directory())
        .isEqualTo(Path.of("/etc/nginx"));
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnceInDocumentOrder() {
    String json = """
        {
          "remote": {"type": "cifs", "volume": "nas", "username": "u"},
          "store": {"name": "../x", "size": "10", "keyfile": "key", "colour": "blue"},
          "strategy": {"stages": 0, "rotate": -1},
          "local": {"directories": [{"key": "a b", "directory": "home"}, {"key": "a b", "directory": "/x"}]}
        }
        """;

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(json));

    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactly(
            "remote.volume",
            "remote.password",
            "store.colour",
            "store.name",
            "store.size",
            "store.keyfile",
            "strategy.stages",
            "strategy.rotate",
            "local.directories[0].key",
            "local.directories[0].directory",
            "local.directories[1].key");
    assertThat(e.getMessage().lines())
        .hasSize(11)
        .contains(
            "store.size: must be a positive whole number of gigabytes, got \"10\" (a string)");
  }

  @Test
  void theMessageListsOneProblemPerLine() {
    ConfigException e = new ConfigException(List.of(
        new ConfigProblem("store.size", "is missing"), new ConfigProblem("$", "something else")));

    assertThat(e.getMessage()).isEqualTo("store.size: is missing\n$: something else");
    assertThat(e).isInstanceOf(dev.mnemosyne.core.failure.MnemosyneException.class);
  }

  @Test
  void redactedJsonHidesThePasswordAndParsesBackToTheSameConfig() {
    BackupConfig config = ConfigLoader.parse(Seeds.readmeExamples().get(0));

    String redacted = ConfigLoader.redactedJson(config);

    assertThat(redacted)
        .doesNotContain("PASSWORD-GOES-HERE")
        .contains("\"password\": \"******\"")
        .contains("\"volume\": \"//synologic.local/volumename\"")
        .contains("\"encryption\": \"luks\"")
        .contains("\"options\": [ ]");
    BackupConfig back = ConfigLoader.parse(redacted);
    Remote.Cifs remote = (Remote.Cifs) config.remote();
    BackupConfig expected = new BackupConfig(
        new Remote.Cifs(
            remote.volume(),
            remote.username(),
            Optional.of(Secret.of("******")),
            remote.credentialsFile(),
            remote.options()),
        config.store(),
        config.strategy(),
        config.directories());
    assertThat(back).isEqualTo(expected);
    assertThat(ConfigLoader.redactedJson(back)).isEqualTo(redacted);
  }

  @ParameterizedTest
  @MethodSource("dev.mnemosyne.core.config.Seeds#all")
  void redactedJsonRoundTripsEverySeedExceptForThePassword(String seed) {
    BackupConfig config = ConfigLoader.parse(seed);

    BackupConfig back = ConfigLoader.parse(ConfigLoader.redactedJson(config));

    if (config.remote() instanceof Remote.Cifs cifs && cifs.password().isPresent()) {
      assertThat(((Remote.Cifs) back.remote()).password()).contains(Secret.of("******"));
      assertThat(back.store()).isEqualTo(config.store());
      assertThat(back.strategy()).isEqualTo(config.strategy());
      assertThat(back.directories()).isEqualTo(config.directories());
    } else {
      assertThat(back).isEqualTo(config);
    }
  }

  @Test
  void fractionalRotationPeriodsRoundTrip() {
    for (String hours : List.of("0", "0.5", "1.25", "0.0001", "999999.999", "1000000")) {
      BackupConfig config =
          ConfigLoader.parse(Seeds.template().replace("\"rotate\": 72", "\"rotate\": " + hours));

      assertThat(ConfigLoader.parse(ConfigLoader.redactedJson(config)).strategy())
          .as("rotate %s", hours)
          .isEqualTo(config.strategy());
    }
  }

  @Test
  void loadReadsAFileWithAByteOrderMark(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "\uFEFF" + Seeds.template(), StandardCharsets.UTF_8);

    assertThat(ConfigLoader.load(file).store().name()).isEqualTo("thing.btrfs");
  }

  @Test
  void aMissingFileIsAProblemThatNamesTheFile(@TempDir Path dir) {
    Path file = dir.resolve("nope.json");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("$");
      assertThat(p.message()).contains(file.toString()).contains("does not exist");
    });
  }

  @Test
  void aDirectoryIsNotAConfigurationFile(@TempDir Path dir) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir));

    assertThat(e.getMessage()).contains(dir.toString()).contains("directory");
  }

  @Test
  void aFileThatIsNotUtf8IsAProblem(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.write(file, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(e.getMessage()).contains("not UTF-8");
  }

  @Test
  void aHugeFileIsNoConfiguration(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, " ".repeat((int) ConfigLoader.MAX_FILE_BYTES + 1) + Seeds.template());

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("larger than"));
  }

  @Test
  void anEmptyFileIsAProblem(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "  \n");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(e.problems())
        .containsExactly(
            new ConfigProblem("$", "the configuration is empty; it must be a JSON object {...}"));
  }
}
