package dev.mnemosyne.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.config.ConfigWriter;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Remote;
import dev.mnemosyne.core.model.Secret;
import dev.mnemosyne.core.port.Backend;
import dev.mnemosyne.core.port.Handle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The testkit's entry point: a world of fake adapters backed by real directories under one
 * root, wired together, with a {@link TestClock}, a {@link Journal} of every port call and
 * configurable {@link Faults}. Every call of every fake goes through the journal and the faults.
 *
 * <pre>{@code
 * FakeEnvironment env = FakeEnvironment.create(tempDir);
 * BackupConfig config = env.config().directory("docs", env.sourceDirectory("docs")).build();
 * Mnemosyne mnemosyne = env.mnemosyne();   // or Mnemosyne.builder(env.backend()).listener(...).build()
 * mnemosyne.initStore(config);
 * env.clock().advance(Duration.ofHours(6));
 * BackupReport report = mnemosyne.backup(config);
 * MnemosyneAssertions.assertThat(env).hasNothingMountedOrOpen();
 * }</pre>
 */
public final class FakeEnvironment {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final FakeWorld world;
  private final FakeRemoteMount remoteMount;
  private final FakeEncryptedVolume encryptedVolume;
  private final FakeSnapshotFilesystem snapshotFilesystem;
  private final FakeTransfer transfer;
  private final FakeHostChecks hostChecks;
  private final FakeRunLock runLock;
  private final FakeHookRunner hookRunner;

  private FakeEnvironment(Path root, TestClock clock) {
    this.world = new FakeWorld(root, clock);
    this.remoteMount = new FakeRemoteMount(world);
    this.encryptedVolume = new FakeEncryptedVolume(world);
    this.snapshotFilesystem = new FakeSnapshotFilesystem(world);
    this.transfer = new FakeTransfer(world, snapshotFilesystem);
    this.hostChecks = new FakeHostChecks(world);
    this.runLock = new FakeRunLock(world);
    this.hookRunner = new FakeHookRunner(world);
  }

  /** An environment under {@code root} (an empty directory the test owns), with a clock at {@link TestClock#DEFAULT_START}. */
  public static FakeEnvironment create(Path root) {
    return create(root, TestClock.create());
  }

  /** An environment under {@code root} with the given clock. */
  public static FakeEnvironment create(Path root, TestClock clock) {
    requireNonNull(root, "root");
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FakeEnvironment(root.toAbsolutePath().normalize(), requireNonNull(clock, "clock"));
  }

  public Path root() {
    return world.root;
  }

  public TestClock clock() {
    return world.clock;
  }

  public Journal journal() {
    return world.journal;
  }

  public Faults faults() {
    return world.faults;
  }

  public FakeRemoteMount remoteMount() {
    return remoteMount;
  }

  public FakeEncryptedVolume encryptedVolume() {
    return encryptedVolume;
  }

  public FakeSnapshotFilesystem snapshotFilesystem() {
    return snapshotFilesystem;
  }

  public FakeTransfer transfer() {
    return transfer;
  }

  public FakeHostChecks hostChecks() {
    return hostChecks;
  }

  public FakeRunLock runLock() {
    return runLock;
  }

  public FakeHookRunner hookRunner() {
    return hookRunner;
  }

  /**
   * Every fake of this environment as one backend, with {@link #runtimeDirectory()} as its
   * runtime directory.
   */
  public Backend backend() {
    return backend(false);
  }

  /**
   * As {@link #backend()}, but saying it is a dry run: the core then describes its steps and
   * writes none of its own files (key file, status record, hook report, the image's rename). The
   * fakes themselves still act on their temporary directories, which lets a test look at what a
   * dry run asked of the ports in the {@link #journal()}.
   */
  public Backend dryRunBackend() {
    return backend(true);
  }

  private Backend backend(boolean dryRun) {
    return new Backend(
        remoteMount,
        encryptedVolume,
        snapshotFilesystem,
        transfer,
        hostChecks,
        runLock,
        hookRunner,
        FakeRecoveryInstructions.INSTANCE,
        runtimeDirectory(),
        dryRun);
  }

  /** Where this environment's backend says it keeps its mount points and locks: {@code run} under the root. */
  public Path runtimeDirectory() {
    return world.root.resolve("run");
  }

  /** A builder over {@link #backend()} with this environment's clock set; add a listener or others as needed. */
  public Mnemosyne.Builder mnemosyneBuilder() {
    return Mnemosyne.builder(backend()).clock(world.clock);
  }

  /** A {@link Mnemosyne} over this environment. */
  public Mnemosyne mnemosyne() {
    return mnemosyneBuilder().build();
  }

  /** Starts a configuration for a store in this environment. */
  public ConfigBuilder config() {
    return new ConfigBuilder(this);
  }

  /** A local remote: the directory {@code nas} under the root, created if need be. */
  public Remote.Local localRemote() {
    return new Remote.Local(directory(world.root.resolve("nas")));
  }

  /** A CIFS share {@code //fake-nas/backup} with a user and password; the fake keeps its files under the root. */
  public Remote cifsRemote() {
    return new Remote.Cifs(
        "//fake-nas/backup",
        Optional.of("backup"),
        Optional.of(Secret.of("fake-password")),
        Optional.empty(),
        List.of());
  }

  /** The environment's key file (64 random hex characters, mode 0600), created on first use. */
  public Path keyFile() {
    Path key = world.root.resolve("keys").resolve("mnemosyne.key");
    synchronized (world) {
      if (!Files.exists(key, LinkOption.NOFOLLOW_LINKS)) {
        try {
          directory(key.getParent());
          Files.createFile(
              key,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          byte[] bytes = new byte[32];
          RANDOM.nextBytes(bytes);
          Files.writeString(key, HexFormat.of().formatHex(bytes), StandardCharsets.US_ASCII);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return key;
  }

  /** A source directory {@code sources/<name>} under the root, created empty if need be. */
  public Path sourceDirectory(String name) {
    return directory(world.root.resolve("sources").resolve(name));
  }

  /** A fresh fake block device of 1 GiB that {@link #snapshotFilesystem()} can make a filesystem on. */
  public Path newDevice() {
    return world.newDevice(1L << 30);
  }

  /** The size in bytes a fake device (a disk, a loop device, an open volume) stands for. */
  public long deviceSize(Path device) {
    synchronized (world) {
      return world.readDevice(device, dev.mnemosyne.core.model.Step.READ_STORE).sizeBytes();
    }
  }

  /** Makes a device of {@link #newDevice()} {@code sizeBytes} large, as a grown disk or loop device is. */
  public void growDevice(Path device, long sizeBytes) {
    synchronized (world) {
      FakeWorld.FakeDevice fake =
          world.readDevice(device, dev.mnemosyne.core.model.Step.RESIZE_VOLUME);
      checkArgument(
          sizeBytes >= fake.sizeBytes(),
          "a device (%s bytes) only grows, not to %s",
          fake.sizeBytes(),
          sizeBytes);
      world.writeDevice(device, fake.uuid(), sizeBytes);
    }
  }

  /** The filesystem inside {@code config}'s store image, which must have been made. */
  public FakeStore store(BackupConfig config) {
    Path image = remoteMount.directoryOf(config.remote()).resolve(config.store().name());
    if (!Files.isRegularFile(image, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException("there is no store image " + image);
    }
    synchronized (world) {
      String uuid = encryptedVolume.volumeOf(image);
      FakeFilesystemState fs = world.filesystems.get(uuid);
      if (fs == null) {
        throw new IllegalStateException("the store image " + image + " holds no filesystem");
      }
      return new FakeStore(world, image, fs);
    }
  }

  /** Whether {@code config}'s store image exists. */
  public boolean storeExists(BackupConfig config) {
    return Files.exists(
        remoteMount.directoryOf(config.remote()).resolve(config.store().name()),
        LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Simulates the end of the process that ran mnemosyne, e.g. a crash: its run locks go (as
   * the kernel drops a dead process's file locks), while mounts and open volumes stay for the
   * next run to clean up.
   */
  public void simulateProcessExit() {
    synchronized (world) {
      world.locks.clear();
      world.imageLocks.clear();
    }
  }

  /**
   * Holds {@code file} open, as a process that reads or writes it would, until the returned
   * handle is closed: meanwhile the remote or filesystem it lies in cannot be unmounted (the
   * unmount fails with "target is busy", as {@code umount} does) and {@link #leftovers()} names it.
   */
  public Handle holdOpen(Path file) {
    requireNonNull(file, "file");
    checkArgument(
        Files.exists(file, LinkOption.NOFOLLOW_LINKS),
        "%s does not exist, so it cannot be held open",
        file);
    Path held = file.toAbsolutePath().normalize();
    synchronized (world) {
      world.openFiles.add(held);
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (!released.getAndSet(true)) {
        synchronized (world) {
          world.openFiles.remove(held);
        }
      }
    };
  }

  /**
   * Writes {@code config} to a new file under the root ({@code etc/config-<n>.json}, mode
   * 0600) that {@code ConfigLoader.load} reads back to an equal configuration, for code that
   * takes a configuration path; returns the file.
   */
  public Path writeConfig(BackupConfig config) {
    requireNonNull(config, "config");
    Path etc = directory(world.root.resolve("etc"));
    synchronized (world) {
      for (int n = 1; ; n++) {
        Path file = etc.resolve("config-" + n + ".json");
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
          return ConfigWriter.write(config, file);
        }
      }
    }
  }

  /**
   * What is mounted, open, attached or locked right now, one line each saying what and where;
   * empty when all is released.
   */
  public List<String> leftovers() {
    synchronized (world) {
      List<String> leftovers = new ArrayList<>();
      world.remoteMounts.forEach((store, mounted) -> {
        FakeRemoteMount.Mounted remote = (FakeRemoteMount.Mounted) mounted;
        leftovers.add((remote.mount
                ? "remote mounted: store " + store + " at "
                : "local remote in use: store " + store + " uses ")
            + remote.directory);
      });
      world.openVolumes.forEach((store, opened) -> {
        Path device = ((FakeWorld.AttachedVolume) opened).device();
        leftovers.add("volume open: store " + store + ", image " + world.attachedImages.get(device)
            + " as " + device);
      });
      world.lingeringDevices.forEach(device -> leftovers.add(
          "device still attached: " + device + " holds " + world.attachedImages.get(device)
              + " (its volume was closed while a filesystem on it was mounted)"));
      world.mountedFilesystems.forEach((store, mounted) -> {
        FakeSnapshotFilesystem.Mounted fs = (FakeSnapshotFilesystem.Mounted) mounted;
        leftovers.add(
            "filesystem mounted: store " + store + " at " + fs.root() + " from " + fs.device);
      });
      world.openFiles.forEach(file -> leftovers.add("file held open: " + file));
      world.locks.forEach(store -> leftovers.add("lock held: " + store));
      world.imageLocks.values().forEach(store -> leftovers.add("image lock held: " + store));
      return leftovers;
    }
  }

  private static Path directory(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
