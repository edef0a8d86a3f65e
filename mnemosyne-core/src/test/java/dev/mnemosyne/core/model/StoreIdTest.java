package dev.mnemosyne.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreIdTest {
  private static final Remote NAS = new Remote.Cifs(
      "//nas/volume",
      Optional.of("fred"),
      Optional.of(Secret.of("pw")),
      Optional.empty(),
      List.of());
  /** A crashed run's leftovers are found by this name, so it must not change between versions. */
  private static final String PINNED = "backup-btrfs-9f2f73df";

  @Test
  void isStable() {
    assertThat(StoreId.of(NAS, "backup.btrfs")).isEqualTo(StoreId.of(NAS, "backup.btrfs"));
    assertThat(StoreId.of(NAS, "backup.btrfs").value()).isEqualTo(PINNED);
  }

  @Test
  void doesNotDependOnCredentials() {
    Remote sameShareOtherUser = new Remote.Cifs(
        "//nas/volume",
        Optional.empty(),
        Optional.empty(),
        Optional.of(Path.of("/etc/cred")),
        List.of("vers=3.0"));

    assertThat(StoreId.of(sameShareOtherUser, "backup.btrfs"))
        .isEqualTo(StoreId.of(NAS, "backup.btrfs"));
  }

  @Test
  void differsForTheSameImageNameOnDifferentRemotes() {
    List<Remote> remotes = List.of(
        NAS,
        new Remote.Cifs(
            "//nas/other",
            Optional.of("fred"),
            Optional.of(Secret.of("pw")),
            Optional.empty(),
            List.of()),
        new Remote.Block("UUID=441c6328-515d-45c7-84d9-bffb3097fbac", List.of()),
        new Remote.Block("/dev/sdb1", List.of()),
        new Remote.Local(Path.of("/media/usb")));

    assertThat(remotes.stream().map(r -> StoreId.of(r, "backup.btrfs")).distinct())
        .hasSize(remotes.size());
    assertThat(StoreId.of(NAS, "a.btrfs")).isNotEqualTo(StoreId.of(NAS, "b.btrfs"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "backup.btrfs",
        "UPPER Case.img",
        "..hidden",
        "-",
        "___",
        "\u00e9t\u00e9.img",
        "\ud83d\udcbe",
        "a very long name of an image that goes on and on and on.btrfs",
        "x"
      })
  void isASafeNameForAnyStoreName(String name) {
    StoreId id = StoreId.of(NAS, name);

    assertThat(id.value()).matches("[a-z0-9][a-z0-9_-]{0,47}").hasSizeLessThanOrEqualTo(48);
    assertThat(id).hasToString(id.value());
  }
}
