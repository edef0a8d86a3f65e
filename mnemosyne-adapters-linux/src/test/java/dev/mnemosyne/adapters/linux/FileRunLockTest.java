package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemosyne.core.failure.StoreLockedException;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.Handle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRunLockTest {
  private static final StoreId STORE = new StoreId("backup-1234abcd");

  @TempDir
  Path temp;

  private FileRunLock lock() {
    return new FileRunLock(
        new AdapterContext(new ScriptedRunner(), temp.resolve("run"), Optional.empty(), d -> {}));
  }

  @Test
  void aSecondRunIsRefusedNamingTheHolderUntilTheFirstReleases() throws IOException {
    FileRunLock lock = lock();
    Handle held = lock.acquire(STORE);
    Path file = temp.resolve("run").resolve(STORE.value() + ".lock");

    assertThat(file).hasContent(ProcessHandle.current().pid() + "\n");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(file.getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThatThrownBy(() -> lock().acquire(STORE))
        .isInstanceOfSatisfying(
            StoreLockedException.class,
            e -> assertThat(e.holderPid())
                .isEqualTo(OptionalLong.of(ProcessHandle.current().pid())));

    held.close();
    held.close();
    lock().acquire(STORE).close();
  }

  @Test
  void otherStoresAreNotBlocked() {
    try (Handle first = lock().acquire(STORE);
        Handle second = lock().acquire(new StoreId("other-99999999"))) {
      assertThat(second).isNotSameAs(first);
    }
  }

  @Test
  void aLockFileLeftByAProcessThatEndedDoesNotBlock() throws IOException {
    Path file = temp.resolve("run").resolve(STORE.value() + ".lock");
    Files.createDirectory(
        file.getParent(),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.writeString(file, "999999\n");

    try (Handle held = lock().acquire(STORE)) {
      assertThat(file).hasContent(ProcessHandle.current().pid() + "\n");
    }
  }

  @Test
  void aLockHeldByAnotherProcessIsRefused() throws Exception {
    FileRunLock lock = lock();
    lock.acquire(STORE).close();
    Path file = temp.resolve("run").resolve(STORE.value() + ".lock");
    // Another JVM takes the same kind of (fcntl) lock, which a lock from this one cannot see past.
    Path holder = temp.resolve("Holder.java");
    Files.writeString(holder, """
        import java.nio.ByteBuffer;
        import java.nio.channels.FileChannel;
        import java.nio.file.Path;
        import java.nio.file.StandardOpenOption;
        public class Holder {
          public static void main(String[] args) throws Exception {
            FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.lock();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap("4242\\n".getBytes()), 0);
            System.out.println("locked");
            Thread.sleep(60_000);
          }
        }
        """);
    Process other = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            holder.toString(),
            file.toString())
        .redirectErrorStream(true)
        .start();
    try {
      assertThat(new String(other.getInputStream().readNBytes(7), StandardCharsets.UTF_8))
          .isEqualTo("locked\n");

      assertThatThrownBy(() -> lock.acquire(STORE))
          .isInstanceOfSatisfying(
              StoreLockedException.class,
              e -> assertThat(e.holderPid()).isEqualTo(OptionalLong.of(4242)));
    } finally {
      other.destroyForcibly().waitFor();
    }
    lock.acquire(STORE).close();
  }
}
