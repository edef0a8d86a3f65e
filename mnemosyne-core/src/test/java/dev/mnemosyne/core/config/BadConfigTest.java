package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mnemosyne.core.failure.ConfigException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Configurations that must be refused, each with the path and the words of its one problem. */
class BadConfigTest {
  private static final String PASSWORD = "s3cret-Pa55";
  private static final String REMOTE =
      "{'type': 'cifs', 'volume': '//nas/share', 'username': 'fred', 'password': '" + PASSWORD
          + "'}";
  private static final String STORE =
      "{'name': 'backup.btrfs', 'size': 10, 'keyfile': '/etc/mnemosyne/key'}";
  private static final String STRATEGY = "{'stages': 8, 'rotate': 168}";
  private static final String LOCAL = "{'directories': [{'key': 'etc', 'directory': '/etc'}]}";

  /** A configuration in which single quotes stand for double quotes, for readable cases. */
  static String json(String remote, String store, String strategy, String local) {
    return ("{'remote': " + remote + ", 'store': " + store + ", 'strategy': " + strategy
            + ", 'local': " + local + "}")
        .replace('\'', '"');
  }

  static String remote(String remote) {
    return json(remote, STORE, STRATEGY, LOCAL);
  }

  static String store(String store) {
    return json(REMOTE, store, STRATEGY, LOCAL);
  }

  static String strategy(String strategy) {
    return json(REMOTE, STORE, strategy, LOCAL);
  }

  static String local(String local) {
    return json(REMOTE, STORE, STRATEGY, local);
  }

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        // the document
        arguments("", "$", "the configuration is empty"),
        arguments("[1, 2]", "$", "must be a JSON object {...}, got an array"),
        arguments("\"remote\"", "$", "got \"remote\" (a string)"),
        arguments("{\"remote\": {", "$", "ends too early"),
        arguments("{\"remote\" {}}", "$", "line 1, column 11"),
        arguments("{'remote': 1} {}".replace('\'', '"'), "$", "more text after the end"),
        arguments("null", "$", "must be a JSON object {...}, got null"),
        arguments("[".repeat(5000), "$", "nested too deeply"),
        arguments(
            store("{'name': 'b', 'size': 1" + "0".repeat(2000) + ", 'keyfile': '/k'}"),
            "$",
            "too long"),
        arguments("{\"remote\": 'cifs'}", "$", "an unexpected character"),
        arguments(remote(REMOTE).replace("\"store\"", "\"remote\""), "remote", "appears twice"),
        arguments(remote("{'type': 'cifs', 'type': 'cifs'}"), "remote.type", "appears twice"),
        arguments(
            local("{'directories': [{'key': 'a', 'directory': '/a'}, {'key': 'b', 'key': 'c'}]}"),
            "local.directories[1].key",
            "appears twice"),
        arguments(
            json(REMOTE, STORE, STRATEGY, LOCAL)
                .replace("{\"remote\"", "{\"locals\": {}, \"remote\""),
            "locals",
            "unknown key (did you mean \"local\"?)"),
        arguments(
            json(REMOTE, STORE, STRATEGY, LOCAL)
                .replace(", \"local\": " + LOCAL.replace('\'', '"'), ""),
            "local",
            "is missing"),
        arguments(
            json(REMOTE, "[]", STRATEGY, LOCAL),
            "store",
            "must be a JSON object {...}, got an array"),
        // remote
        arguments(remote("{'volume': '//nas/share'}"), "remote.type", "is missing"),
        arguments(
            remote("{'type': 'nfs'}"),
            "remote.type",
            "must be \"cifs\", \"block\" or \"local\", got \"nfs\""),
        arguments(
            remote("{'type': 'cifs', 'volume': 'nas/share', 'username': 'u', 'password': 'p'}"),
            "remote.volume",
            "must name a share as //host/share"),
        arguments(
            remote("{'type': 'cifs', 'volume': '\\\\\\\\nas', 'username': 'u', 'password': 'p'}"),
            "remote.volume",
            "must name a share"),
        arguments(
            remote(
                "{'type': 'cifs', 'volume': '//nas/share/../x', 'username': 'u', 'password': 'p'}"),
            "remote.volume",
            "must name a share"),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share'}"),
            "remote",
            "needs \"username\" and \"password\""),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'username': 'u'}"),
            "remote.password",
            "is missing"),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'password': 'p'}"),
            "remote.username",
            "is missing"),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': 'p',"
                + " 'credentials': '/etc/cred'}"),
            "remote.credentials",
            "not both"),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'credentials': 'cred'}"),
            "remote.credentials",
            "must be an absolute path"),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': 42}"),
            "remote.password",
            "must be a string, got a number"),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': 'p',"
                + " 'options': 'vers=3.0,password=" + PASSWORD + "'}"),
            "remote.options",
            "must not set \"password\""),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': 'p',"
                + " 'options': ['vers=3.0', 'credentials=/x']}"),
            "remote.options[1]",
            "must not set \"credentials\""),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': 'p',"
                + " 'options': ['vers=3.0', ' pass = x']}"),
            "remote.options[1]",
            "must not set \"pass\""),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': 'p',"
                + " 'options': ['vers=3.0,uid=0']}"),
            "remote.options[0]",
            "a single option (no comma)"),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': 'p',"
                + " 'options': 'vers=3.0,,uid=0'}"),
            "remote.options",
            "empty option"),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': 'p',"
                + " 'options': {'vers': 3}}"),
            "remote.options",
            "array of strings or a comma-separated string"),
        arguments(
            remote("{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': 'p',"
                + " 'device': '/dev/sdb'}"),
            "remote.device",
            "unknown key"),
        arguments(remote("{'type': 'block'}"), "remote.device", "is missing"),
        arguments(
            remote("{'type': 'block', 'device': '/dev/sdb1', 'block': '/dev/sdc1'}"),
            "remote.block",
            "not both"),
        arguments(remote("{'type': 'block', 'device': 'sdb1'}"), "remote.device", "UUID="),
        arguments(
            remote("{'type': 'block', 'block': '-o remount'}"), "remote.block", "a device path"),
        arguments(
            remote("{'type': 'local', 'path': 'media/usb'}"),
            "remote.path",
            "must be an absolute path"),
        arguments(
            remote("{'type': 'local', 'path': '~/backup'}"),
            "remote.path",
            "\"~\" is not expanded"),
        // store
        arguments(
            store("{'name': 'backup.btrfs', 'size': '10', 'keyfile': '/k'}"),
            "store.size",
            "must be a positive whole number of gigabytes, got \"10\" (a string)"),
        arguments(
            store("{'name': 'backup.btrfs', 'size': 0, 'keyfile': '/k'}"), "store.size", "got 0"),
        arguments(
            store("{'name': 'backup.btrfs', 'size': -3, 'keyfile': '/k'}"), "store.size", "got -3"),
        arguments(
            store("{'name': 'backup.btrfs', 'size': 10.5, 'keyfile': '/k'}"),
            "store.size",
            "got 10.5"),
        arguments(
            store("{'name': 'backup.btrfs', 'size': 8589934592, 'keyfile': '/k'}"),
            "store.size",
            "is too large: at most 8589934591 gigabytes"),
        arguments(
            store("{'name': 'backup.btrfs', 'size': 1" + "0".repeat(40) + ", 'keyfile': '/k'}"),
            "store.size",
            "is too large"),
        arguments(
            store("{'name': 'backup.btrfs', 'size': 1e999999999, 'keyfile': '/k'}"),
            "store.size",
            "got 1E+999999999"),
        arguments(
            store("{'name': 'backup.btrfs', 'size': null, 'keyfile': '/k'}"),
            "store.size",
            "got null"),
        arguments(
            store("{'name': '../backup.btrfs', 'size': 10, 'keyfile': '/k'}"),
            "store.name",
            "must be a plain file name"),
        arguments(
            store("{'name': 'images/backup.btrfs', 'size': 10, 'keyfile': '/k'}"),
            "store.name",
            "must be a plain file name"),
        arguments(
            store("{'name': '', 'size': 10, 'keyfile': '/k'}"), "store.name", "must not be empty"),
        arguments(store("{'name': 'backup.btrfs', 'size': 10}"), "store.keyfile", "is missing"),
        arguments(
            store("{'name': 'backup.btrfs', 'size': 10, 'keyfile': 'key'}"),
            "store.keyfile",
            "must be an absolute path, got \"key\""),
        arguments(
            store("{'name': 'backup.btrfs', 'size': 10, 'keyfile': '/etc/../key'}"),
            "store.keyfile",
            "must not contain \"..\" segments"),
        arguments(
            store("{'name': 'backup.btrfs', 'size': 10, 'keyfile': '/k', 'encryption': 'none'}"),
            "store.keyfile",
            "must not be set when store.encryption is \"none\""),
        arguments(
            store("{'name': 'backup.btrfs', 'size': 10, 'keyfile': '/k', 'encryption': 'aes'}"),
            "store.encryption",
            "must be \"luks\" or \"none\", got \"aes\""),
        arguments(
            store("{'name': 'b', 'size': 10, 'keyfile': '/k', 'pbkdf': {'algorithm': 'scrypt'}}"),
            "store.pbkdf.algorithm",
            "must be \"pbkdf2\", \"argon2i\" or \"argon2id\""),
        arguments(
            store(
                "{'name': 'b', 'size': 10, 'keyfile': '/k', 'pbkdf': {'algorithm': 'pbkdf2', 'memory': 64}}"),
            "store.pbkdf.memory",
            "no memory cost"),
        arguments(
            store(
                "{'name': 'b', 'size': 10, 'keyfile': '/k', 'pbkdf': {'algorithm': 'argon2id', 'memory': 8}}"),
            "store.pbkdf.memory",
            "at least 32"),
        arguments(
            store(
                "{'name': 'b', 'size': 10, 'keyfile': '/k', 'pbkdf': {'algorithm': 'argon2i', 'iterations': 0}}"),
            "store.pbkdf.iterations",
            "got 0"),
        arguments(
            store(
                "{'name': 'b', 'size': 10, 'keyfile': '/k', 'pbkdf': {'algorithm': 'argon2i', 'time': 2}}"),
            "store.pbkdf.time",
            "unknown key"),
        arguments(
            store(
                "{'name': 'b', 'size': 10, 'encryption': 'none', 'pbkdf': {'algorithm': 'argon2i'}}"),
            "store.pbkdf",
            "must not be set when store.encryption is \"none\""),
        arguments(
            store("{'name': 'b', 'size': 10, 'keyfile': '/k', 'key_file': '/k'}"),
            "store.key_file",
            "unknown key (did you mean \"keyfile\"?)"),
        // strategy
        arguments(
            strategy("{'stages': 0, 'rotate': 168}"), "strategy.stages", "from 1 to 1000, got 0"),
        arguments(strategy("{'stages': 2.5, 'rotate': 168}"), "strategy.stages", "got 2.5"),
        arguments(
            strategy("{'stages': 1001, 'rotate': 168}"),
            "strategy.stages",
            "is too large: at most 1000"),
        arguments(
            strategy("{'stages': '8', 'rotate': 168}"), "strategy.stages", "got \"8\" (a string)"),
        arguments(strategy("{'stages': 8, 'rotate': -1}"), "strategy.rotate", "0 or more"),
        arguments(strategy("{'stages': 8, 'rotate': -0.5}"), "strategy.rotate", "got -0.5"),
        arguments(strategy("{'stages': 8, 'rotate': 1e400}"), "strategy.rotate", "is too large"),
        arguments(
            strategy("{'stages': 8, 'rotate': true}"), "strategy.rotate", "got true (a boolean)"),
        arguments(strategy("{'stages': 8}"), "strategy.rotate", "is missing"),
        // local
        arguments(local("{'directories': []}"), "local.directories", "must not be empty"),
        arguments(
            local("{'directories': {'key': 'etc', 'directory': '/etc'}}"),
            "local.directories",
            "must be a JSON array [...], got an object"),
        arguments(
            local("{'directories': ['/etc']}"), "local.directories[0]", "must be a JSON object"),
        arguments(
            local("{'directories': [{'key': 'e t c', 'directory': '/etc'}]}"),
            "local.directories[0].key",
            "must be 1 to 64 characters of A-Z"),
        arguments(
            local("{'directories': [{'key': '../etc', 'directory': '/etc'}]}"),
            "local.directories[0].key",
            "must be 1 to 64 characters"),
        arguments(
            local("{'directories': [{'key': '" + "k".repeat(65) + "', 'directory': '/etc'}]}"),
            "local.directories[0].key",
            "must be 1 to 64 characters"),
        arguments(
            local(
                "{'directories': [{'key': 'etc', 'directory': '/etc'}, {'key': 'etc', 'directory': '/srv'}]}"),
            "local.directories[1].key",
            "\"etc\" is already used by local.directories[0].key"),
        arguments(
            local(
                "{'directories': [{'key': 'a', 'directory': '/etc'}, {'key': 'b', 'directory': '/etc/'}]}"),
            "local.directories[1].directory",
            "is already backed up by local.directories[0].directory"),
        arguments(
            local("{'directories': [{'key': 'a', 'directory': 'etc'}]}"),
            "local.directories[0].directory",
            "must be an absolute path"),
        arguments(
            local("{'directories': [{'key': 'a', 'directory': '/home/../etc'}]}"),
            "local.directories[0].directory",
            "\"..\" segments"),
        arguments(
            local("{'directories': [{'key': 'a'}]}"),
            "local.directories[0].directory",
            "is missing"),
        arguments(
            local("{'directories': [{'key': 'a', 'directory': '/a', 'exclude': ['*.tmp', '']}]}"),
            "local.directories[0].exclude[1]",
            "must not be empty"),
        arguments(
            local("{'directories': [{'key': 'a', 'directory': '/a', 'exclude': '*.tmp'}]}"),
            "local.directories[0].exclude",
            "must be a JSON array"),
        arguments(
            local("{'directories': [{'key': 'a', 'directory': '/a', 'excludes': []}]}"),
            "local.directories[0].excludes",
            "did you mean \"exclude\"?"),
        arguments(
            local("{'directories': [{'key': 'a', 'directory': '/a\\nb'}]}"),
            "local.directories[0].directory",
            "control characters"),
        arguments(
            local("{'directories': [{'key': 'a', 'directory': '/a', '\u00e9t\u00e9': 1}]}"),
            "local.directories[0][\"\u00e9t\u00e9\"]",
            "unknown key"));
  }

  @ParameterizedTest
  @MethodSource("badConfigs")
  void isRefusedWithOneProblemNamingItsPath(String json, String path, String fragment) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(json));

    assertThat(e).as("refused: %s", json).isNotNull();
    assertThat(e.problems()).as(e.getMessage()).singleElement().satisfies(problem -> {
      assertThat(problem.path()).isEqualTo(path);
      assertThat(problem.message()).contains(fragment);
    });
    assertThat(e.getMessage())
        .doesNotContain(PASSWORD)
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void thereAreAtLeastThirtyCases() {
    assertThat(badConfigs().count()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void theBaseConfigurationIsValid() {
    assertThat(ConfigLoader.parse(json(REMOTE, STORE, STRATEGY, LOCAL)).directories())
        .hasSize(1);
  }

  @Test
  void aPasswordNeverAppearsInAMessage() {
    String[] passwords = {
      "{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': '" + PASSWORD
          + "\\n'}",
      "{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': ['" + PASSWORD
          + "']}",
      "{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': '" + PASSWORD
          + "', 'x': 1}",
      "{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': '" + PASSWORD + "',"
          + " 'options': ['pass=" + PASSWORD + "\\t']}",
      "{'type': 'cifs', 'volume': '//nas/share', 'username': 'u', 'password': '" + PASSWORD + "',"
          + " 'options': 'uid=0,pass word=" + PASSWORD + "'}",
    };
    for (String remote : passwords) {
      ConfigException e =
          catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(remote(remote)));
      assertThat(e.getMessage()).as(remote).doesNotContain(PASSWORD);
    }
    String unquoted = remote(REMOTE).replace("\"" + PASSWORD + "\"", PASSWORD);
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(unquoted));
    assertThat(e.getMessage()).doesNotContain(PASSWORD).contains("malformed JSON");
  }
}
