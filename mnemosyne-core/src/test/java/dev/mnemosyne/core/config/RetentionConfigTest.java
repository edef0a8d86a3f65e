package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.RetentionPolicy;
import dev.mnemosyne.core.model.RotationPolicy;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code strategy.keep} and {@code strategy.timezone}: read, written back, and refused with their paths. */
class RetentionConfigTest {
  private static final String REMOTE = "{'type': 'local', 'path': '/srv/backup'}";
  private static final String STORE = "{'name': 'backup.btrfs', 'size': 10, 'encryption': 'none'}";
  private static final String LOCAL = "{'directories': [{'key': 'etc', 'directory': '/etc'}]}";

  private static String withStrategy(String strategy) {
    return BadConfigTest.json(REMOTE, STORE, strategy, LOCAL);
  }

  @Test
  void readsAPolicyWithAZoneAndACap() {
    BackupConfig config = ConfigLoader.parse(withStrategy(
        "{'rotate': 1, 'stages': 40, 'timezone': 'Europe/Berlin', 'keep': {'daily': 7, 'weekly': 4, 'monthly': 12,"
            + " 'within': 36}}"));
    assertThat(config.strategy())
        .isEqualTo(new RotationPolicy(40, Duration.ofHours(1))
            .keeping(new RetentionPolicy(
                0,
                0,
                7,
                4,
                12,
                0,
                Optional.of(Duration.ofHours(36)),
                Optional.of(ZoneId.of("Europe/Berlin")))));
    assertThat(config.strategy().historyCap()).contains(39);
  }

  @Test
  void withKeepTheStagesAreOptionalAndNoCap() {
    BackupConfig config = ConfigLoader.parse(withStrategy("{'rotate': 24, 'keep': {'last': 3}}"));
    assertThat(config.strategy().historyCap()).isEmpty();
    assertThat(config.strategy().keep()).contains(RetentionPolicy.of(3, 0, 0, 0, 0, 0));
  }

  @Test
  void theOriginalStrategyHasNoPolicy() {
    BackupConfig config = ConfigLoader.parse(withStrategy("{'stages': 8, 'rotate': 168}"));
    assertThat(config.strategy()).isEqualTo(new RotationPolicy(8, Duration.ofHours(168)));
    assertThat(config.strategy().keep()).isEmpty();
  }

  @Test
  void theEffectiveConfigurationReadsBackTheSame() {
    String json = withStrategy(
        "{'rotate': 1.5, 'timezone': 'UTC', 'keep': {'hourly': 24, 'yearly': 3, 'within': 0.5}}");
    BackupConfig config = ConfigLoader.parse(json);
    String written = ConfigLoader.redactedJson(config);
    assertThat(written)
        .contains("\"keep\"")
        .contains("\"hourly\": 24")
        .contains("\"timezone\": \"UTC\"");
    assertThat(ConfigLoader.parse(written)).isEqualTo(config);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {'rotate': 1, 'keep': {'daily': -1}}                 | strategy.keep.daily   | must be a whole number ≥ 0
      {'rotate': 1, 'keep': {'weekly': 1.5}}               | strategy.keep.weekly  | must be a whole number ≥ 0
      {'rotate': 1, 'keep': {'monthly': '3'}}              | strategy.keep.monthly | must be a whole number ≥ 0
      {'rotate': 1, 'keep': {}}                            | strategy.keep         | at least one rule must be > 0
      {'rotate': 1, 'keep': {'daily': 0, 'within': 0}}     | strategy.keep         | at least one rule must be > 0
      {'rotate': 1, 'keep': {'dayly': 7, 'weekly': 1}}     | strategy.keep.dayly   | unknown key (did you mean "daily"?)
      {'rotate': 1, 'keep': {'within': -2}}                | strategy.keep.within  | a number of hours
      {'rotate': 1, 'keep': 7}                             | strategy.keep         | must be
      {'rotate': 1, 'keep': {'last': 1}, 'timezone': 'Mars/Olympus'} | strategy.timezone | must be a time zone
      {'rotate': 1, 'stages': 4, 'timezone': 'UTC'}        | strategy.timezone     | only counts with a keep policy
      {'rotate': 1, 'stages': 0, 'keep': {'last': 1}}      | strategy.stages       | from 1 to 1000
      {'keep': {'last': 1}}                                | strategy.rotate       | is missing
      {'rotate': 1}                                        | strategy.stages       | is missing
      """)
  void isRefusedNamingThePath(String strategy, String path, String fragment) {
    ConfigException e = catchThrowableOfType(
        ConfigException.class, () -> ConfigLoader.parse(withStrategy(strategy)));
    assertThat(e).as("refused: %s", strategy).isNotNull();
    assertThat(e.problems()).as(e.getMessage()).singleElement().satisfies(problem -> {
      assertThat(problem.path()).isEqualTo(path);
      assertThat(problem.message()).contains(fragment);
    });
  }
}
