package dev.mnemosyne.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.model.BackupConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigWriterTest {
  @TempDir
  Path dir;

  static Stream<String> configurations() {
    return Stream.of("""
        {"remote": {"type": "cifs", "volume": "\\\\\\\\nas\\\\backup", "username": "u", "password": "p\\"w,d",
                    "options": ["vers=3.0", "uid=0"]},
         "store": {"name": "backup.btrfs", "size": 2200, "keyfile": "/etc/mnemosyne/key",
                   "pbkdf": {"algorithm": "argon2id", "iterations": 4, "memory": 65536}},
         "strategy": {"stages": 8, "rotate": 168},
         "local": {"directories": [{"key": "etc", "directory": "/etc", "exclude": ["*.tmp", "cache/"]}]}}
        """, """
        {"remote": {"type": "cifs", "volume": "//nas/backup/sub", "credentials": "/etc/mnemosyne/cifs"},
         "store": {"name": "b.img", "size": 1, "keyfile": "/k", "compression": "lzo"},
         "strategy": {"stages": 3, "rotate": 1.5},
         "local": {"directories": [{"key": "a", "directory": "/a"}, {"key": "b-2", "directory": "/srv/b"}]}}
        """, """
        {"remote": {"type": "block", "device": "UUID=441c6328-515d-45c7-84d9-bffb3097fbac", "options": "noatime"},
         "store": {"name": "s", "size": 10, "encryption": "none", "compression": "none"},
         "strategy": {"rotate": 24, "keep": {"last": 2, "daily": 7, "weekly": 4, "monthly": 12, "within": 36.5},
                      "timezone": "Europe/Berlin"},
         "local": {"directories": [{"key": "home", "directory": "/home"}]},
         "hooks": {"before": {"command": ["/usr/bin/systemctl", "stop", "db"], "timeout": 60},
                   "after": {"command": ["/usr/bin/systemctl", "start", "db"]}},
         "metrics": {"file": "/var/lib/prometheus/node-exporter/mnemosyne.prom"}}
        """, """
        {"remote": {"type": "local", "path": "/mnt/usb"},
         "store": {"name": "s", "size": 5, "keyfile": "/k"},
         "strategy": {"stages": 40, "rotate": 0, "keep": {"hourly": 24}},
         "local": {"directories": [{"key": "x", "directory": "/x"}]}}
        """);
  }

  @ParameterizedTest
  @MethodSource("configurations")
  void whatIsWrittenReadsBackToAnEqualConfiguration(String text) {
    BackupConfig config = ConfigLoader.parse(text);

    assertThat(ConfigLoader.parse(ConfigWriter.json(config))).isEqualTo(config);
  }

  @Test
  void theFileIsPrivateHoldsThePasswordAndLoads() throws IOException {
    BackupConfig config = ConfigLoader.parse(configurations().findFirst().orElseThrow());

    Path file = ConfigWriter.write(config, dir.resolve("config.json"));

    assertThat(ConfigLoader.load(file)).isEqualTo(config);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file))
        .contains("\"password\" : \"p\\\"w,d\"")
        .doesNotContain("******");
  }

  @Test
  void anExistingFileIsNotOverwritten() throws IOException {
    Path existing = Files.writeString(dir.resolve("config.json"), "precious");
    BackupConfig config =
        ConfigLoader.parse(configurations().skip(3).findFirst().orElseThrow());

    assertThatThrownBy(() -> ConfigWriter.write(config, existing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(existing.toString());
    assertThat(existing).hasContent("precious");
  }
}
