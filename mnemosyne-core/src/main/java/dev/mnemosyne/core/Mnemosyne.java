package dev.mnemosyne.core;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mnemosyne.core.config.ConfigLoader;
import dev.mnemosyne.core.failure.EnvironmentNotReadyException;
import dev.mnemosyne.core.failure.MnemosyneException;
import dev.mnemosyne.core.failure.RefusedException;
import dev.mnemosyne.core.model.BackupConfig;
import dev.mnemosyne.core.model.Encryption;
import dev.mnemosyne.core.model.SourceDirectory;
import dev.mnemosyne.core.model.StageKey;
import dev.mnemosyne.core.port.Backend;
import dev.mnemosyne.core.port.HostChecks;
import dev.mnemosyne.core.port.HostChecks.HostCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * mnemosyne's entry point: the five commands of the original tool (init key and store, backup,
 * mount, verify the environment), those that work with a store's history (list, restore,
 * unmount, status, verify, recovery kit) and those that keep it over the years (grow it, change
 * its key), run over one {@link Backend}: the Linux adapters, or the testkit's fakes. Build one
 * with {@link #builder(Backend)}, optionally with a clock, a listener and a state directory.
 *
 * <pre>{@code
 * Mnemosyne mnemosyne = Mnemosyne.builder(LinuxAdapters.backend()).build();
 * BackupReport report = mnemosyne.backup(config);
 * }</pre>
 */
public final class Mnemosyne {
  private final Backend backend;
  private final RunContext context;
  private final Optional<Path> stateDirectory;
  private final Optional<Path> configFile;
  private final ToIntFunction<BackupReport> exitStatus;

  private Mnemosyne(Builder b) {
    this.backend = b.backend;
    this.context = new RunContext(b.listener, b.clock, b.backend.dryRun());
    this.stateDirectory = b.stateDirectory;
    this.configFile = b.configFile;
    this.exitStatus = b.exitStatus;
  }

  /** A builder over {@code backend}, whose ports every command runs on. */
  public static Builder builder(Backend backend) {
    return new Builder(backend);
  }

  /** A store session of {@code config} over this backend's opening ports. */
  private StoreSession session(BackupConfig config) {
    return new StoreSession(
        config,
        context,
        backend.runLock(),
        backend.remoteMount(),
        backend.encryptedVolume(),
        backend.snapshotFilesystem());
  }

  /**
   * Creates the store's key file: 256 random bits, mode 0600, created atomically. Refuses
   * if the file exists.
   *
   * @throws RefusedException if the key file exists, or the store is unencrypted
   */
  public Path initKey(BackupConfig config) {
    requireNonNull(config, "config");
    if (config.store().encryption() == Encryption.NONE) {
      throw new RefusedException("store.encryption is \"none\": this store uses no key file");
    }
    Path keyFile = config.store().keyFile().orElseThrow();
    if (backend.dryRun()) {
      KeyFiles.refuseExisting(keyFile);
      context
          .listener()
          .on(new BackupEvent.StepStarted(
              dev.mnemosyne.core.model.Step.CREATE_KEY,
              keyFile + " (256 random bits as 64 hex characters, mode 0600)"));
      return keyFile;
    }
    KeyFiles.create(keyFile);
    context
        .listener()
        .on(new BackupEvent.Notice(
            "created key file " + keyFile + " (mode 0600); keep a copy somewhere safe,"
                + " away from the NAS: without it the backups cannot be read"));
    return keyFile;
  }

  /**
   * Creates the store: a sparse image of {@code store.size} gigabytes on the remote, formatted
   * with the key and holding an empty btrfs filesystem marked as a mnemosyne store. Refuses if
   * the image exists. A failed run leaves no image behind.
   */
  public void initStore(BackupConfig config) {
    new StoreInitialisation(
            session(config), context, backend.encryptedVolume(), backend.snapshotFilesystem())
        .run();
  }

  /**
   * Runs a backup: every configured directory is mirrored into its live stage, after the
   * stages are rotated if the policy says so. Never throws for a failure of the run itself;
   * the report says what failed. The configuration's hooks run around it: the before hook once
   * the lock is taken, before anything is mounted (its failure stops the run), the after hook once
   * everything is torn down, with the outcome (its failure is a warning).
   *
   * @throws dev.mnemosyne.core.failure.StoreLockedException if another run holds the store
   * @throws EnvironmentNotReadyException if the key file or a source directory is not usable, or the
   *     configuration has hooks and others could change its file (nothing was touched)
   * @throws dev.mnemosyne.core.failure.ConfigException if a source directory lies inside the store's remote
   *     directory or the runtime directory (nothing was touched; see {@link SourceOverlaps})
   */
  public BackupReport backup(BackupConfig config) {
    StoreSession session = session(config);
    BackupHooks hooks =
        new BackupHooks(session, context, backend.hookRunner(), configFile, exitStatus);
    return new BackupRun(
            session, context, backend.transfer(), hooks, backend.runtimeDirectory(), stateDirectory)
        .run();
  }

  /** Opens and mounts the store; it stays mounted until the returned handle is closed. */
  public MountedStore mount(BackupConfig config) {
    return new StoreMount(session(config)).mount();
  }

  /**
   * Lists every stage in the store: when it became history (or, for the live stage, when the
   * last sync ended and whether it completed) and its size where the filesystem can tell.
   * Opens the store for the time it takes, under the lock, and changes nothing in it.
   */
  public StoreListing list(BackupConfig config) {
    return queries(config).list();
  }

  /**
   * Copies a file or tree from a stage back into a directory, keeping its metadata and deleting
   * nothing. Refuses paths that lead out of the stage, a non-empty target and a target in the
   * key's source directory (unless {@link RestoreRequest#force()}).
   *
   * @throws RefusedException for a refused path or target, or a stage the store does not hold
   */
  public RestoreReport restore(BackupConfig config, RestoreRequest request) {
    requireNonNull(request, "request");
    return new Restoration(session(config), context.listener(), backend.transfer()).run(request);
  }

  /**
   * Tears down whatever this store has mounted or open on this host (after a {@code mount}
   * that was left open, or a crash): the filesystem, the volume and the remote, in that order,
   * under the lock. A no-op when nothing is.
   *
   * @throws dev.mnemosyne.core.failure.StoreLockedException if a run of the store is active
   */
  public void unmount(BackupConfig config) {
    requireNonNull(config, "config");
    new StoreMount(session(config)).unmount();
  }

  /**
   * Tells, without mounting anything, when each configured key's last successful backup
   * finished and whether that is longer ago than {@code maxAge}; a key with no recorded
   * backup is too old, and one recorded more than {@link BackupStatus#CLOCK_TOLERANCE} in the
   * future is a problem too (the clock or the record is wrong).
   *
   * @throws IllegalStateException if no state directory is set
   * @throws MnemosyneException if the record cannot be read
   */
  public BackupStatus status(BackupConfig config, Duration maxAge) {
    requireNonNull(config, "config");
    requireNonNull(maxAge, "maxAge");
    checkState(stateDirectory.isPresent(), "no state directory is set");
    StatusFile file = new StatusFile(stateDirectory.get(), config.storeId());
    Map<StageKey, Instant> last;
    try {
      last = file.read();
    } catch (IOException e) {
      throw new MnemosyneException("cannot read " + file.path() + ": " + e, e);
    }
    Instant now = context.clock().instant();
    List<BackupStatus.KeyStatus> keys = new ArrayList<>();
    for (SourceDirectory d : config.directories()) {
      Optional<Instant> at = Optional.ofNullable(last.get(d.key()));
      Optional<Duration> age = at.map(a -> Duration.between(a, now));
      boolean inFuture =
          age.map(a -> a.negated().compareTo(BackupStatus.CLOCK_TOLERANCE) > 0).orElse(false);
      keys.add(new BackupStatus.KeyStatus(
          d.key().value(), at, age, age.map(a -> a.compareTo(maxAge) > 0).orElse(true), inFuture));
    }
    return new BackupStatus(maxAge, keys);
  }

  /**
   * Writes a recovery kit into {@code directory} (created mode 0700; refused if it exists and is
   * not empty): a copy of the key file and of the store image's LUKS header (both mode 0600),
   * the configuration with its secrets removed, and RECOVERY.md, the steps to get the data back
   * with plain Linux commands. The remote is mounted, under the lock, to read the header. A
   * kit that cannot be completed is removed.
   *
   * @throws RefusedException if {@code directory} is not empty or the store image is missing
   */
  public RecoveryKit exportRecoveryKit(BackupConfig config, Path directory) {
    requireNonNull(config, "config");
    requireNonNull(directory, "directory");
    checkState(!backend.dryRun(), "a recovery kit cannot be exported in a dry run");
    return new RecoveryKitExport(
            session(config),
            context,
            backend.encryptedVolume(),
            backend.recoveryInstructions(),
            stateDirectory)
        .run(directory, ConfigLoader.redactedJson(config));
  }

  /**
   * Checks the store: a scrub of its filesystem (every block against its checksum, for at most
   * {@link VerifyOptions#scrubTimeout()}), and per key a comparison of the live stage with the
   * source, by content, over a sample of the files that have not changed since the last sync.
   * Changes nothing but what the scrub repairs.
   */
  public VerifyReport verify(BackupConfig config, VerifyOptions options) {
    requireNonNull(options, "options");
    return queries(config).verify(options);
  }

  /**
   * Grows the store to the {@code store.size} the configuration now gives, under the lock: the
   * sparse image is extended, the open volume resized and the filesystem grown to fill it.
   * Each step is a no-op once done, so a run stopped anywhere leaves a store that opens with
   * all its history, and the next call finishes the job. Warns when the remote has less free
   * space than the store gains.
   *
   * @throws RefusedException if the image is larger than {@code store.size} (a store never shrinks), or missing
   */
  public GrowthReport growStore(BackupConfig config) {
    return new StoreGrowth(
            session(config), context, backend.encryptedVolume(), backend.snapshotFilesystem())
        .run();
  }

  /**
   * Replaces the store's key: a new key file is added to a free LUKS key slot with the
   * current one and tested, the old key's slot is removed, and only then does the new key
   * replace {@code store.keyfile}. At every point a key file on disk ({@code store.keyfile},
   * {@code <keyfile>.new} or {@code <keyfile>.old}) opens the store, and the next call finds
   * it and finishes the change. A copy of the LUKS header made before still opens with the old
   * key: the volume key is unchanged.
   *
   * @throws RefusedException if the store is unencrypted or its image is missing
   * @throws EnvironmentNotReadyException if no key file at hand opens the store
   */
  public KeyChangeReport changeKey(BackupConfig config) {
    return new KeyChange(session(config), context, backend.encryptedVolume(), stateDirectory).run();
  }

  private StoreQueries queries(BackupConfig config) {
    return new StoreQueries(session(config), context, backend.encryptedVolume(), stateDirectory);
  }

  /** Checks that this host can run the store's backups; changes nothing. */
  public EnvironmentReport verifyEnvironment(BackupConfig config) {
    requireNonNull(config, "config");
    Optional<Path> keyFile = config.store().keyFile();
    List<HostCheck> checks = new ArrayList<>(backend
        .hostChecks()
        .verify(
            new HostChecks.Needs(config.remote().kind(), config.store().encryption(), keyFile)));
    if (config.store().encryption() == Encryption.LUKS) {
      Path key = keyFile.orElseThrow();
      checks.add(KeyFiles.problem(key)
          .map(problem -> HostCheck.fail(
              "key file",
              problem,
              "create it (initialise the key) or restore it;"
                  + " it must be owned by root (or the user running mnemosyne) and mode 0600"))
          .orElseGet(() -> HostCheck.pass("key file", key + " is present and private")));
    }
    CredentialsFiles.check(config.remote()).ifPresent(checks::add);
    config.directories().forEach(d -> checks.add(SourceChecks.check(d)));
    checks.addAll(BackupHooks.checks(config, configFile));
    return new EnvironmentReport(checks);
  }

  /**
   * Builds a {@link Mnemosyne} over a {@link Backend}; the clock defaults to the system clock in
   * the host's time zone (the zone a retention policy counts its days in, unless
   * {@code strategy.timezone} names another), the listener to none.
   */
  public static final class Builder {
    private final Backend backend;
    private Clock clock = Clock.systemDefaultZone();
    private BackupListener listener = BackupListener.NONE;
    private Optional<Path> stateDirectory = Optional.empty();
    private Optional<Path> configFile = Optional.empty();
    private ToIntFunction<BackupReport> exitStatus = Builder::defaultExitStatus;

    private Builder(Backend backend) {
      this.backend = requireNonNull(backend, "backend");
    }

    /**
     * The file the configuration was read from: hooks are told it ({@code MNEMOSYNE_CONFIG}), and a
     * configuration with hooks is refused when others could change this file or its directory.
     */
    @CanIgnoreReturnValue
    public Builder configFile(Path configFile) {
      this.configFile = Optional.of(requireNonNull(configFile, "configFile").toAbsolutePath());
      return this;
    }

    /**
     * The exit status a backup's result will have, told to the after hook ({@code
     * MNEMOSYNE_EXIT_CODE}); by default 0 for success, 3 for warnings and 1 for a failure.
     */
    @CanIgnoreReturnValue
    public Builder exitStatus(ToIntFunction<BackupReport> exitStatus) {
      this.exitStatus = requireNonNull(exitStatus, "exitStatus");
      return this;
    }

    private static int defaultExitStatus(BackupReport report) {
      return switch (report.outcome()) {
        case SUCCESS -> 0;
        case WARNINGS -> 3;
        case FAILED -> 1;
      };
    }

    /**
     * Where this client keeps its record of each store's last successful backups ({@code
     * <dir>/<store id>/status}), which {@code backup} updates and {@code status} reads. Without
     * it, {@code backup} records nothing and {@code status} fails.
     */
    @CanIgnoreReturnValue
    public Builder stateDirectory(Path stateDirectory) {
      this.stateDirectory =
          Optional.of(requireNonNull(stateDirectory, "stateDirectory").toAbsolutePath());
      return this;
    }

    @CanIgnoreReturnValue
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    @CanIgnoreReturnValue
    public Builder listener(BackupListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    public Mnemosyne build() {
      return new Mnemosyne(this);
    }
  }
}
