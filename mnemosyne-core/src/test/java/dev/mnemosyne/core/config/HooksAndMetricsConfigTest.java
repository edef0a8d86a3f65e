package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mnemosyne.core.failure.ConfigException;
import dev.mnemosyne.core.failure.ConfigProblem;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Hook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The optional {@code hooks} and {@code metrics} sections: what loads, what is refused and under which path. */
class HooksAndMetricsConfigTest {
  private static final String PASSWORD = "s3cret-Pa55";

  /** A valid configuration with {@code extra} (single quotes for double) added at the top level. */
  private static String with(String extra) {
    return ("{'remote': {'type': 'cifs', 'volume': '//nas/share', 'username': 'fred', 'password': '"
            + PASSWORD + "'},"
            + " 'store': {'name': 'backup.btrfs', 'size': 10, 'keyfile': '/etc/mnemosyne/key'},"
            + " 'strategy': {'stages': 8, 'rotate': 168},"
            + " 'local': {'directories': [{'key': 'etc', 'directory': '/etc'}]}"
            + (extra.isEmpty() ? "" : ", " + extra) + "}")
        .replace('\'', '"');
  }

  @Test
  void aConfigurationWithoutThemHasNoHooksAndNoMetricsFile() {
    BackupConfig config = ConfigLoader.parse(with(""));
    assertThat(config.hooks().isEmpty()).isTrue();
    assertThat(config.metricsFile()).isEmpty();
    assertThat(ConfigLoader.redactedJson(config)).doesNotContain("hooks").doesNotContain("metrics");
  }

  @Test
  void hooksLoadWithTheirArgumentsAndTimeoutsOrTheDefault() {
    BackupConfig config = ConfigLoader.parse(
        with(
            "'hooks': {'before': {'command': ['/usr/local/bin/dump-db',"
                + " '--all', 'two words'], 'timeout': 600}, 'after': {'command': ['/usr/bin/curl', '-fsS',"
                + " 'https://hc.example/ping']}}, 'metrics': {'file': '/var/lib/node-exporter/mnemosyne.prom'}"));

    Hook before = config.hooks().before().orElseThrow();
    assertThat(before.executable()).isEqualTo(Path.of("/usr/local/bin/dump-db"));
    assertThat(before.arguments()).containsExactly("--all", "two words");
    assertThat(before.timeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(config.hooks().after().orElseThrow().timeout()).isEqualTo(Hook.DEFAULT_TIMEOUT);
    assertThat(config.metricsFile()).contains(Path.of("/var/lib/node-exporter/mnemosyne.prom"));
  }

  @Test
  void theEffectiveConfigurationShowsThemAndLoadsBackTheSame() {
    BackupConfig config =
        ConfigLoader.parse(with("'hooks': {'after': {'command': ['/bin/true'], 'timeout': 5}},"
            + " 'metrics': {'file': '/srv/m.prom'}"));

    String json = ConfigLoader.redactedJson(config);

    assertThat(json)
        .contains("\"hooks\"")
        .contains("\"/bin/true\"")
        .contains("\"timeout\": 5")
        .contains("\"file\": \"/srv/m.prom\"");
    BackupConfig again = ConfigLoader.parse(json.replace("******", PASSWORD));
    assertThat(again.hooks()).isEqualTo(config.hooks());
    assertThat(again.metricsFile()).isEqualTo(config.metricsFile());
  }

  static Stream<Arguments> badSections() {
    return Stream.of(
        arguments(
            "'hooks': {'before': {'command': ['dump-db']}}",
            "hooks.before.command[0]",
            "must be an absolute path"),
        arguments(
            "'hooks': {'before': {'command': ['~/bin/dump']}}",
            "hooks.before.command[0]",
            "must be an absolute path"),
        arguments(
            "'hooks': {'after': {'command': '/usr/bin/curl https://x'}}",
            "hooks.after.command",
            "must be a JSON array"),
        arguments(
            "'hooks': {'after': {'command': []}}", "hooks.after.command", "must not be empty"),
        arguments("'hooks': {'after': {}}", "hooks.after.command", "is missing"),
        arguments(
            "'hooks': {'after': {'command': ['/bin/echo', 3]}}",
            "hooks.after.command[1]",
            "must be a string"),
        arguments(
            "'hooks': {'after': {'command': ['/bin/echo', '']}}",
            "hooks.after.command[1]",
            "must not be empty"),
        arguments(
            "'hooks': {'after': {'command': ['/bin/true'], 'timeout': 0}}",
            "hooks.after.timeout",
            "a whole number of seconds"),
        arguments(
            "'hooks': {'after': {'command': ['/bin/true'], 'timeout': 1.5}}",
            "hooks.after.timeout",
            "a whole number of seconds"),
        arguments(
            "'hooks': {'after': {'command': ['/bin/true'], 'timeout': 99999999}}",
            "hooks.after.timeout",
            "is too large"),
        arguments(
            "'hooks': {'after': {'command': ['/bin/true'], 'timout': 5}}",
            "hooks.after.timout",
            "did you mean \"timeout\""),
        arguments(
            "'hooks': {'befor': {'command': ['/bin/true']}}",
            "hooks.befor",
            "did you mean \"before\""),
        arguments("'hooks': ['/bin/true']", "hooks", "must be a JSON object"),
        arguments(
            "'hooks': {'before': {'command': ['/bin/echo', '" + PASSWORD + "']}}",
            "hooks.before.command[1]",
            "must not contain remote.password"),
        arguments(
            "'metrics': {'file': 'mnemosyne.prom'}", "metrics.file", "must be an absolute path"),
        arguments(
            "'metrics': {'file': '/var/lib/node-exporter/mnemosyne.txt'}",
            "metrics.file",
            "must end in \".prom\""),
        arguments("'metrics': {}", "metrics.file", "is missing"),
        arguments("'metrics': {'path': '/x.prom'}", "metrics.path", "unknown key"));
  }

  @ParameterizedTest
  @MethodSource("badSections")
  void isRefusedNamingThePath(String extra, String path, String fragment) {
    ConfigException e =
        catchThrowableOfType(() -> ConfigLoader.parse(with(extra)), ConfigException.class);

    assertThat(e).as("refused").isNotNull();
    List<ConfigProblem> problems = e.problems();
    assertThat(problems).extracting(ConfigProblem::path).contains(path);
    assertThat(problems.stream()
            .filter(p -> p.path().equals(path))
            .findFirst()
            .orElseThrow()
            .message())
        .contains(fragment)
        .doesNotContain(PASSWORD);
  }
}
