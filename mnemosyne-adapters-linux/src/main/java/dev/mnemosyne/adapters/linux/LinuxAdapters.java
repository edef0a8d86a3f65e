package dev.mnemosyne.adapters.linux;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mnemosyne.core.port.EncryptedVolume;
import dev.mnemosyne.core.port.HookRunner;
import dev.mnemosyne.core.port.HostChecks;
import dev.mnemosyne.core.port.RemoteMount;
import dev.mnemosyne.core.port.RunLock;
import dev.mnemosyne.core.port.SnapshotFilesystem;
import dev.mnemosyne.core.port.Transfer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * mnemosyne's ports implemented with the standard Linux tools — {@code mount}/{@code umount}
 * (CIFS through mount.cifs), {@code cryptsetup}, {@code losetup}, {@code mkfs.btrfs},
 * {@code btrfs} and {@code rsync} — run as processes without a shell.
 *
 * <pre>{@code
 * LinuxAdapters linux = LinuxAdapters.builder().commandLog(line -> log.info("$ {}", line)).build();
 * Mnemosyne mnemosyne = Mnemosyne.builder()
 *     .remoteMount(linux.remoteMount()).encryptedVolume(linux.encryptedVolume())
 *     .snapshotFilesystem(linux.snapshotFilesystem()).transfer(linux.transfer())
 *     .hostChecks(linux.hostChecks()).runLock(linux.runLock())
 *     .build();
 * }</pre>
 *
 * <p>Mount points live in a private (0700) runtime directory, {@code /run/mnemosyne/<store>/…} by
 * default, lock files beside them as {@code <store>.lock}. In a {@linkplain Builder#dryRun dry run}
 * nothing is executed and nothing is written: commands and file changes are described instead.
 */
public final class LinuxAdapters {
  /** The default runtime directory. */
  public static final Path DEFAULT_RUNTIME_DIRECTORY = Path.of("/run/mnemosyne");
  /** The default time limit of quick commands (everything but rsync). */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(5);

  private final RemoteMount remoteMount;
  private final EncryptedVolume encryptedVolume;
  private final SnapshotFilesystem snapshotFilesystem;
  private final Transfer transfer;
  private final HostChecks hostChecks;
  private final RunLock runLock;
  private final HookRunner hookRunner;

  private LinuxAdapters(Builder b) {
    Executables executables = Executables.fromPath();
    CommandRunner runner = b.dryRun.<CommandRunner>map(DryRunCommandRunner::new)
        .orElseGet(() -> new ExecCommandRunner(executables, b.commandTimeout, b.commandLog));
    AdapterContext context = new AdapterContext(runner, b.runtimeDirectory, b.dryRun, Pauses.REAL);
    MountTable mounts = new MountTable(MountTable.MOUNTINFO);
    FreshDevices freshDevices = new FreshDevices();
    this.remoteMount = new LinuxRemoteMount(context, mounts);
    this.encryptedVolume = new LinuxEncryptedVolume(context, freshDevices, LinuxEncryptedVolume.MAPPER,
        Path.of("/sys/block"));
    this.snapshotFilesystem = new BtrfsFilesystem(context, freshDevices, mounts);
    this.transfer = new RsyncTransfer(context, b.transferOutput);
    this.hostChecks = new LinuxHostChecks(Path.of("/"), executables);
    this.runLock = new FileRunLock(context);
    this.hookRunner = new LinuxHookRunner(runner);
  }

  public static Builder builder() {
    return new Builder();
  }

  public RemoteMount remoteMount() {
    return remoteMount;
  }

  public EncryptedVolume encryptedVolume() {
    return encryptedVolume;
  }

  public SnapshotFilesystem snapshotFilesystem() {
    return snapshotFilesystem;
  }

  public Transfer transfer() {
    return transfer;
  }

  public HostChecks hostChecks() {
    return hostChecks;
  }

  public RunLock runLock() {
    return runLock;
  }

  /** Runs the configuration's hooks as processes, with a fixed base environment and their own time limits. */
  public HookRunner hookRunner() {
    return hookRunner;
  }

  /** Builds {@link LinuxAdapters}; every setting has a default. */
  public static final class Builder {
    private Path runtimeDirectory = DEFAULT_RUNTIME_DIRECTORY;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Consumer<String> commandLog = line -> {};
    private Consumer<String> transferOutput = line -> {};
    private Optional<Consumer<String>> dryRun = Optional.empty();

    private Builder() {}

    /**
     * Where mount points ({@code <dir>/<store>/…}, mode 0700) and lock files
     * ({@code <dir>/<store>.lock}) live; default {@code /run/mnemosyne}.
     */
    @CanIgnoreReturnValue
    public Builder runtimeDirectory(Path runtimeDirectory) {
      requireNonNull(runtimeDirectory, "runtimeDirectory");
      checkArgument(runtimeDirectory.isAbsolute(), "runtime directory '%s' must be absolute", runtimeDirectory);
      this.runtimeDirectory = runtimeDirectory.normalize();
      return this;
    }

    /**
     * The time limit of each quick command (mount, cryptsetup, btrfs …); default 5 minutes. A
     * command that exceeds it is stopped with everything it started. rsync has no limit.
     */
    @CanIgnoreReturnValue
    public Builder commandTimeout(Duration commandTimeout) {
      requireNonNull(commandTimeout, "commandTimeout");
      checkArgument(!commandTimeout.isNegative() && !commandTimeout.isZero(),
          "command timeout (%s) must be positive", commandTimeout);
      this.commandTimeout = commandTimeout;
      return this;
    }

    /** Receives each command line, private arguments redacted, just before it runs (for {@code --verbose}). */
    @CanIgnoreReturnValue
    public Builder commandLog(Consumer<String> commandLog) {
      this.commandLog = requireNonNull(commandLog, "commandLog");
      return this;
    }

    /** Receives every line rsync prints, progress lines included. */
    @CanIgnoreReturnValue
    public Builder transferOutput(Consumer<String> transferOutput) {
      this.transferOutput = requireNonNull(transferOutput, "transferOutput");
      return this;
    }

    /**
     * Makes the adapters execute and write nothing: each command that would run, and each file
     * that would be written or created, is described to {@code out}; reads find nothing (no
     * entries, no state, no space); handles print their teardown command when closed.
     */
    @CanIgnoreReturnValue
    public Builder dryRun(Consumer<String> out) {
      this.dryRun = Optional.of(requireNonNull(out, "out"));
      return this;
    }

    public LinuxAdapters build() {
      return new LinuxAdapters(this);
    }
  }
}
