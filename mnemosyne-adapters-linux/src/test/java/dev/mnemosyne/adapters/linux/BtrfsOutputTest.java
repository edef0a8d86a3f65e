package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the output of {@code btrfs subvolume show} and {@code btrfs filesystem du} is read. */
class BtrfsOutputTest {

  @Test
  void creationTimeIsReadFromSubvolumeShow() {
    List<String> show = List.of(
        "home.1",
        "\tName: \t\t\thome.1",
        "\tUUID: \t\t\t372f206b-42eb-c945-b165-0c7ad6bc2a87",
        "\tCreation time: \t\t2026-11-27 14:49:33 +0100",
        "\tFlags: \t\t\treadonly");

    assertThat(BtrfsFilesystem.creationTime(show)).contains(Instant.parse("2026-11-27T13:49:33Z"));
    assertThat(BtrfsFilesystem.creationTime(List.of("\tCreation time: \t\t-"))).isEmpty();
    assertThat(BtrfsFilesystem.creationTime(List.of())).isEmpty();
  }

  @Test
  void sizesAreReadFromFilesystemDu() {
    List<String> du = List.of(
        "     Total   Exclusive  Set shared  Filename",
        "    102400        4096       98304  /run/mnemosyne/s/store/home.1");

    assertThat(BtrfsFilesystem.diskUsage(du))
        .containsExactly(Optional.of(102_400L), Optional.of(4096L), Optional.of(98_304L));
    assertThat(BtrfsFilesystem.diskUsage(List.of("ERROR: cannot check space"))).isEmpty();
  }

  @Test
  void scrubErrorsAreCountedFromTheErrorSummary() {
    assertThat(BtrfsFilesystem.scrubErrors(
            List.of("Status:           finished", "Error summary:    no errors found")))
        .isZero();
    assertThat(BtrfsFilesystem.scrubErrors(List.of("Error summary:    csum=3 verify=1")))
        .isEqualTo(4);
    assertThat(BtrfsFilesystem.scrubErrors(List.of("Error summary:    something new")))
        .isEqualTo(1);
    assertThat(BtrfsFilesystem.scrubErrors(List.of("Status:           aborted")))
        .isZero();
  }
}
