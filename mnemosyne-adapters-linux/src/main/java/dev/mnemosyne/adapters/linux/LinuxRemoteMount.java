package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.StepFailedException;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.Step;
import dev.mnemosyne.core.model.StoreId;
import dev.mnemosyne.core.port.RemoteMount;
import dev.mnemosyne.core.port.SpaceUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts remotes with {@code mount}: a CIFS share ({@code mount -t cifs}, the password in a
 * private credentials file that exists only while the mount runs), a block device (by path,
 * {@code UUID=} or {@code LABEL=}), or nothing for a local directory. Mount points live in the
 * private runtime directory, {@code <runtime>/<store>/remote}.
 */
final class LinuxRemoteMount implements RemoteMount {
  private static final Logger log = LoggerFactory.getLogger(LinuxRemoteMount.class);
  static final String MOUNT_POINT = "remote";
  static final String CREDENTIALS = "cifs-credentials";
  static final String SHOWN_CREDENTIALS = "<private file>";

  private final AdapterContext context;
  private final MountTable mounts;
  private final Unmounter unmounter;
  /** Stores using a local remote now: nothing in the mount table tells, so this process keeps count. */
  private final Set<StoreId> localInUse = ConcurrentHashMap.newKeySet();

  LinuxRemoteMount(AdapterContext context, MountTable mounts) {
    this.context = requireNonNull(context, "context");
    this.mounts = requireNonNull(mounts, "mounts");
    this.unmounter = new Unmounter(context, mounts);
  }

  @Override
  public MountedRemote mount(Remote remote, StoreId store) {
    requireNonNull(remote, "remote");
    requireNonNull(store, "store");
    if (remote instanceof Remote.Local local) {
      return mountLocal(local, store);
    }
    Path mountPoint = context.privateDirectory(store, MOUNT_POINT, Step.MOUNT_REMOTE);
    if (!context.isDryRun() && mounts.isMountPoint(mountPoint)) {
      throw new StepFailedException(
          Step.MOUNT_REMOTE,
          mountPoint + " is mounted already (is another run of this" + " store active?)");
    }
    if (remote instanceof Remote.Cifs cifs) {
      mountCifs(cifs, store, mountPoint);
    } else if (remote instanceof Remote.Block block) {
      mountBlock(block, mountPoint);
    } else {
      throw new IllegalArgumentException("unknown remote " + remote);
    }
    return new Mounted(mountPoint, true, Optional.empty());
  }

  private MountedRemote mountLocal(Remote.Local local, StoreId store) {
    Path dir = local.path();
    if (context.isDryRun()) {
      context.describe(
          "would use the directory " + dir + " as it is (a local remote is not mounted)");
      return new Mounted(dir, false, Optional.empty());
    }
    if (!Files.isDirectory(dir)) {
      throw new StepFailedException(
          Step.MOUNT_REMOTE, "the local remote " + dir + " is not a directory");
    }
    if (!mounts.isMountPoint(dir)) {
      log.warn(
          "the local remote {} is not a mount point: the store will be written to whatever filesystem holds it",
          dir);
    }
    if (!localInUse.add(store)) {
      throw new StepFailedException(
          Step.MOUNT_REMOTE, "store " + store + " is using " + dir + " already");
    }
    return new Mounted(dir, false, Optional.of(store));
  }

  private void mountBlock(Remote.Block block, Path mountPoint) {
    Command.Builder command = Command.of(Step.MOUNT_REMOTE, "mount");
    if (!block.options().isEmpty()) {
      command.arg("-o").arg(String.join(",", block.options()));
    }
    context.runner().runChecked(command.arg(block.device()).arg(mountPoint).build());
  }

  private void mountCifs(Remote.Cifs cifs, StoreId store, Path mountPoint) {
    List<String> options = new ArrayList<>();
    if (cifs.credentialsFile().isPresent()) {
      options.add("credentials=" + cifs.credentialsFile().get());
      options.addAll(cifs.options());
      runCifsMount(
          cifs, mountPoint, options, "credentials=" + cifs.credentialsFile().get());
      return;
    }
    if (cifs.username().isEmpty() && cifs.password().isEmpty()) {
      options.add("guest");
      options.addAll(cifs.options());
      runCifsMount(cifs, mountPoint, options, "guest");
      return;
    }
    Path credentials = context.storeDirectory(store).resolve(CREDENTIALS);
    writeCredentials(credentials, cifs);
    try {
      options.add("credentials=" + credentials);
      options.addAll(cifs.options());
      runCifsMount(cifs, mountPoint, options, "credentials=" + SHOWN_CREDENTIALS);
    } finally {
      deleteCredentials(credentials);
    }
  }

  private void runCifsMount(
      Remote.Cifs cifs, Path mountPoint, List<String> options, String shownFirstOption) {
    List<String> shown = new ArrayList<>(options);
    shown.set(0, shownFirstOption);
    context
        .runner()
        .runChecked(Command.of(Step.MOUNT_REMOTE, "mount")
            .args("-t", "cifs", cifs.volume())
            .arg(mountPoint)
            .arg("-o")
            .arg(String.join(",", options), String.join(",", shown))
            .build());
  }

  /**
   * Writes a mount.cifs credentials file, created with mode 0600 from the start in the store's
   * 0700 runtime directory: the password is on no command line and in no environment.
   */
  private void writeCredentials(Path file, Remote.Cifs cifs) {
    if (context.isDryRun()) {
      context.describe("would write the credentials file " + file
          + " (mode 0600, removed right after the mount)");
      return;
    }
    StringBuilder text = new StringBuilder();
    cifs.username()
        .ifPresent(user ->
            text.append("username=").append(requireSingleLine(user, "username")).append('\n'));
    cifs.password()
        .ifPresent(password -> text.append("password=")
            .append(requireSingleLine(password.reveal(), "password"))
            .append('\n'));
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    text.setLength(0);
    try {
      Files.deleteIfExists(file);
      try (OutputStream out = Files.newOutputStream(
          Files.createFile(file, PosixFilePermissions.asFileAttribute(AdapterContext.PRIVATE_FILE)),
          StandardOpenOption.WRITE)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      deleteCredentials(file);
      throw new StepFailedException(
          Step.MOUNT_REMOTE,
          "cannot write the private credentials file " + file + ": "
              + e.getClass().getSimpleName(),
          e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (encoded.hasArray()) {
        Arrays.fill(encoded.array(), (byte) 0);
      }
    }
  }

  private static String requireSingleLine(String value, String what) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new StepFailedException(
          Step.MOUNT_REMOTE,
          "the CIFS " + what + " contains a line break, which a" + " credentials file cannot hold");
    }
    return value;
  }

  private void deleteCredentials(Path file) {
    if (context.isDryRun()) {
      context.describe("would remove " + file);
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.error(
          "could not remove the credentials file {}: {}; remove it by hand", file, e.toString());
    }
  }

  @Override
  public void cleanUp(StoreId store) {
    requireNonNull(store, "store");
    if (context.isDryRun()) {
      return;
    }
    localInUse.remove(store);
    Path credentials = context.storeDirectory(store).resolve(CREDENTIALS);
    if (Files.exists(credentials, LinkOption.NOFOLLOW_LINKS)) {
      log.info("removing {}, left by an earlier run", credentials);
      deleteCredentials(credentials);
    }
    unmounter.unmountIfMounted(
        context.storeDirectory(store).resolve(MOUNT_POINT), Step.CLEAN_UP_LEFTOVERS);
  }

  /** A mounted remote directory, or a local one in use by a store. */
  private final class Mounted implements MountedRemote {
    private final Path directory;
    private final boolean mounted;
    private final Optional<StoreId> localStore;
    private boolean closed;

    Mounted(Path directory, boolean mounted, Optional<StoreId> localStore) {
      this.directory = directory;
      this.mounted = mounted;
      this.localStore = localStore;
    }

    @Override
    public Path directory() {
      return directory;
    }

    @Override
    public SpaceUsage space() {
      if (context.isDryRun()) {
        return new SpaceUsage(0, 0);
      }
      try {
        FileStore store = Files.getFileStore(directory);
        return new SpaceUsage(store.getTotalSpace(), store.getUsableSpace());
      } catch (IOException e) {
        log.debug("no space figures for {}: {}", directory, e.toString());
        return new SpaceUsage(0, 0);
      }
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      localStore.ifPresent(localInUse::remove);
      if (mounted) {
        unmounter.unmount(directory, Step.UNMOUNT_REMOTE);
        context.removeDirectoryQuietly(directory);
      }
      closed = true;
    }
  }
}
