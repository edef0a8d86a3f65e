package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemosyne.core.model.Compression;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.model.TreeNodeSize;
import dev.mnemosyne.core.port.Backend;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.core.port.SnapshotFilesystem.MountedFilesystem;
import dev.mnemosyne.testkit.Capability;
import dev.mnemosyne.testkit.RequiresCapability;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@link Error} thrown while a real store is open (btrfs on a loop device, local remote)
 * skips no teardown: the store is unmounted and the loop device detached, the command exits 1,
 * and its JSON report names the failure.
 */
@RequiresCapability({Capability.ROOT, Capability.LOOP, Capability.BTRFS})
class ErrorTeardownEndToEndTest {
  @TempDir
  Path temp;

  private Path runtime;
  private Path config;

  @BeforeEach
  void layOut() throws IOException {
    runtime = temp.resolve("run");
    Path remote = Files.createDirectories(temp.resolve("remote"));
    Path source = Files.createDirectories(temp.resolve("docs"));
    Files.writeString(source.resolve("a.txt"), "alpha");
    Files.setLastModifiedTime(
        source.resolve("a.txt"), FileTime.from(Instant.now().minusSeconds(3600)));
    config = TestConfigs.unencryptedLocal(temp, remote, 3, 0, source);
    assertThat(call(new LinuxWiring(), "--init-store").code()).isZero();
    assertThat(call(new LinuxWiring(), "--backup").code()).isZero();
  }

  @AfterEach
  void releaseLeftovers() throws Exception {
    HostCleanup.release(temp);
  }

  private CliRun call(Adapters adapters, String... args) {
    String[] withConfig = Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    return CliRun.call(adapters, runtime, withConfig);
  }

  @Test
  void runningOutOfMemoryDuringVerifyUnmountsDetachesAndReportsIt() {
    CliRun run = call(
        failingWith("scrub", () -> new OutOfMemoryError("Java heap space")),
        "--verify",
        "--all",
        "--json");

    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    JsonNode failure = run.json().get("failure");
    assertThat(failure.get("type").asText()).isEqualTo("InternalFailureException");
    assertThat(failure.get("reason").asText()).isEqualTo("out-of-memory");
    assertThat(run.err()).contains("out of memory").doesNotContain("\tat ");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
  }

  @Test
  void aStackOverflowDuringABackupUnmountsDetachesAndReportsIt() {
    CliRun run = call(failingWith("writeState", StackOverflowError::new), "--backup", "--json");

    assertThat(run.code()).as(run.toString()).isEqualTo(1);
    assertThat(run.json().get("failure").get("reason").asText()).isEqualTo("stack-overflow");
    assertThat(TestConfigs.mountsUnder(temp)).isEmpty();
    assertThat(TestConfigs.loopsUnder(temp)).isEmpty();
    assertThat(call(new LinuxWiring(), "--list").code()).isZero();
  }

  /** The Linux adapters, with the mounted store's {@code method} failing with {@code error} after it ran. */
  private static Adapters failingWith(String method, Supplier<Error> error) {
    return settings -> {
      Backend linux = new LinuxWiring().backend(settings);
      SnapshotFilesystem real = linux.snapshotFilesystem();
      SnapshotFilesystem failing = new SnapshotFilesystem() {
        @Override
        public void makeFilesystem(Path device, String label, TreeNodeSize nodeSize) {
          real.makeFilesystem(device, label, nodeSize);
        }

        @Override
        public MountedFilesystem mount(Path device, StoreId store, Compression compression) {
          MountedFilesystem fs = real.mount(device, store, compression);
          return (MountedFilesystem) Proxy.newProxyInstance(
              MountedFilesystem.class.getClassLoader(),
              new Class<?>[] {MountedFilesystem.class},
              (proxy, m, args) -> {
                Object result;
                try {
                  result = m.invoke(fs, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
                if (m.getName().equals(method)) {
                  throw error.get();
                }
                return result;
              });
        }

        @Override
        public void cleanUp(StoreId store) {
          real.cleanUp(store);
        }
      };
      return new Backend(
          linux.remoteMount(),
          linux.encryptedVolume(),
          failing,
          linux.transfer(),
          linux.hostChecks(),
          linux.runLock(),
          linux.hookRunner(),
          linux.recoveryInstructions(),
          linux.runtimeDirectory(),
          linux.dryRun());
    };
  }
}
