package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class CapabilityConditionTest {
  private static final Set<Capability> NEEDED = EnumSet.of(Capability.LOOP, Capability.DM_CRYPT);

  private static Optional<String> onlyDmCryptMissing(Capability capability) {
    return capability == Capability.DM_CRYPT
        ? Optional.of("/dev/mapper/control does not exist")
        : Optional.empty();
  }

  @Test
  void aMissingCapabilitySkipsWithItsName() {
    ConditionEvaluationResult result =
        CapabilityCondition.evaluate(NEEDED, CapabilityConditionTest::onlyDmCryptMissing, Set.of());
    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason())
        .hasValueSatisfying(reason -> assertThat(reason)
            .contains("dm-crypt")
            .contains("/dev/mapper/control")
            .doesNotContain("loop"));
  }

  @Test
  void aMissingCapabilityThatTheHostMustHaveFails() {
    assertThatThrownBy(() -> CapabilityCondition.evaluate(
            NEEDED, CapabilityConditionTest::onlyDmCryptMissing, EnumSet.of(Capability.DM_CRYPT)))
        .hasMessageContaining("dm-crypt")
        .hasMessageContaining(Capability.REQUIRED_PROPERTY);
  }

  @Test
  void requiringAnotherCapabilityStillSkips() {
    ConditionEvaluationResult result = CapabilityCondition.evaluate(
        NEEDED, CapabilityConditionTest::onlyDmCryptMissing, EnumSet.of(Capability.LOOP));
    assertThat(result.isDisabled()).isTrue();
  }

  @Test
  void presentCapabilitiesEnable() {
    ConditionEvaluationResult result = CapabilityCondition.evaluate(
        NEEDED, c -> Optional.empty(), EnumSet.allOf(Capability.class));
    assertThat(result.isDisabled()).isFalse();
  }

  @Test
  void capabilitiesAreNamedAsConfigurationSpellsThem() {
    assertThat(Capability.named("dm-crypt")).contains(Capability.DM_CRYPT);
    assertThat(Capability.named("DM_CRYPT")).contains(Capability.DM_CRYPT);
    assertThat(Capability.named(" Btrfs ")).contains(Capability.BTRFS);
    assertThat(Capability.named("docker")).isEmpty();
  }

  @Test
  void theRequiredPropertyIsParsedAndLeavesOtherDriversNamesToThem() {
    String before = System.getProperty(Capability.REQUIRED_PROPERTY);
    try {
      System.setProperty(Capability.REQUIRED_PROPERTY, "root, loop,btrfs");
      assertThat(Capability.required())
          .containsExactlyInAnyOrder(Capability.ROOT, Capability.LOOP, Capability.BTRFS);
      System.setProperty(Capability.REQUIRED_PROPERTY, "root,vm");
      assertThat(Capability.required()).containsExactly(Capability.ROOT);
    } finally {
      if (before == null) {
        System.clearProperty(Capability.REQUIRED_PROPERTY);
      } else {
        System.setProperty(Capability.REQUIRED_PROPERTY, before);
      }
    }
  }

  @Test
  void detectionAgreesWithTheHost() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    id.waitFor();
    assertThat(Capability.ROOT.isPresent()).isEqualTo(uid.equals("0"));
    assertThat(Capability.LOOP.isPresent()).isEqualTo(Files.exists(Path.of("/dev/loop-control")));
    assertThat(Capability.DM_CRYPT.isPresent())
        .isEqualTo(Files.exists(Path.of("/dev/mapper/control"))
            && Files.readString(Path.of("/proc/misc")).contains("device-mapper")
            && installed("cryptsetup"));
    assertThat(Capability.CIFS.isPresent())
        .isEqualTo(Files.readString(Path.of("/proc/filesystems")).matches("(?s).*\\scifs\\s.*")
            && installed("mount.cifs"));
    assertThat(Capability.RSYNC.isPresent()).isEqualTo(installed("rsync"));
  }

  private static boolean installed(String program) {
    return Capability.toolDirectories().stream()
        .map(dir -> dir.resolve(program))
        .anyMatch(file -> Files.isRegularFile(file) && Files.isExecutable(file));
  }

  @Test
  void assumingACapabilityAbortsOnlyWhereItIsMissing() {
    for (Capability capability : Capability.values()) {
      if (capability.isRequired()) {
        continue;
      }
      Throwable outcome = org.assertj.core.api.Assertions.catchThrowable(capability::assumePresent);
      if (capability.isPresent()) {
        assertThat(outcome).as("%s is present", capability).isNull();
      } else {
        assertThat(outcome)
            .as("%s is missing", capability)
            .isInstanceOf(org.opentest4j.TestAbortedException.class)
            .hasMessageContaining(capability.displayName());
      }
    }
  }

  @Test
  void aMissingProgramIsNamedWithItsDebianPackage(@org.junit.jupiter.api.io.TempDir Path empty) {
    assertThat(Capability.detect(Capability.RSYNC, List.of(empty)))
        .contains("rsync not found (install rsync)");
    assertThat(Capability.detect(Capability.DEB_TOOLS, List.of(empty)))
        .contains("dpkg-deb not found (install dpkg); lintian not found (install lintian)");
    assertThat(Capability.detect(Capability.BTRFS, List.of(empty)))
        .hasValueSatisfying(
            why -> assertThat(why).contains("mkfs.btrfs not found (install btrfs-progs)"));
    ConditionEvaluationResult skip = CapabilityCondition.evaluate(
        EnumSet.of(Capability.BTRFS), c -> Capability.detect(c, List.of(empty)), Set.of());
    assertThat(skip.getReason())
        .hasValueSatisfying(reason -> assertThat(reason)
            .startsWith("btrfs: ")
            .contains("mkfs.btrfs not found (install btrfs-progs)"));
  }

  @Test
  void programsAreFoundWhereTheAdaptersLook(@org.junit.jupiter.api.io.TempDir Path bin)
      throws IOException {
    Path rsync = Files.writeString(bin.resolve("rsync"), "#!/bin/sh\n");
    assertThat(Capability.detect(Capability.RSYNC, List.of(bin)))
        .as("not executable")
        .isPresent();
    assertThat(rsync.toFile().setExecutable(true)).isTrue();
    assertThat(Capability.detect(Capability.RSYNC, List.of(bin))).isEmpty();
    assertThat(Capability.toolDirectories()).contains(Path.of("/usr/sbin"), Path.of("/sbin"));
  }

  @Test
  @RequiresCapability(Capability.LOOP)
  void anAnnotatedTestRunsOnlyWhereTheCapabilityIs() {
    assertThat(Path.of("/dev/loop-control")).exists();
  }
}
