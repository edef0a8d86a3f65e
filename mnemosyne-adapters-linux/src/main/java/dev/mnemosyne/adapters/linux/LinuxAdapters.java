package dev.mnemosyne.adapters.linux;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.mnemosyne.core.port.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * mnemosyne's ports implemented with the standard Linux tools — {@code mount}/{@code umount}
 * (CIFS through mount.cifs), {@code cryptsetup}, {@code losetup}, {@code mkfs.btrfs},
 * {@code btrfs} and {@code rsync} — run as processes without a shell, handed over as one
 * {@link Backend}.
 *
 * <pre>{@code
 * Mnemosyne mnemosyne = Mnemosyne.builder(LinuxAdapters.backend()).build();
 * Backend described = LinuxAdapters.builder().dryRun(System.out::println).build();
 * }</pre>
 *
 * <p>Mount points live in a private (0700) runtime directory, {@code /run/mnemosyne/<store>/…} by
 * default, lock files beside them as {@code <store>.lock}. In a {@linkplain Builder#dryRun dry run}
 * nothing is executed and nothing is written: commands and file changes are described instead,
 * and the backend says so ({@link Backend#dryRun()}), so the core writes nothing either.
 */
public final class LinuxAdapters {
  /** The default runtime directory. */
  public static final Path DEFAULT_RUNTIME_DIRECTORY = Path.of("/run/mnemosyne");
  /** The default time limit of quick commands (everything but rsync). */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(5);

  private LinuxAdapters() {}

  /** The Linux backend with every default: {@code /run/mnemosyne}, 5-minute commands, no dry run. */
  public static Backend backend() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static Backend wire(Builder b) {
    Executables executables = Executables.fromPath();
    CommandRunner runner = b.dryRun
        .<CommandRunner>map(DryRunCommandRunner::new)
        .orElseGet(() -> new ExecCommandRunner(executables, b.commandTimeout, b.commandLog));
    AdapterContext context = new AdapterContext(runner, b.runtimeDirectory, b.dryRun, Pauses.REAL);
    MountTable mounts = new MountTable(MountTable.MOUNTINFO);
    FreshDevices freshDevices = new FreshDevices();
    return new Backend(
        new LinuxRemoteMount(context, mounts),
        new LinuxEncryptedVolume(
            context, freshDevices, LinuxEncryptedVolume.MAPPER, Path.of("/sys/block")),
        new BtrfsFilesystem(context, freshDevices, mounts),
        new RsyncTransfer(context, b.transferOutput),
        new LinuxHostChecks(Path.of("/"), executables),
        new FileRunLock(context),
        new LinuxHookRunner(runner),
        new LinuxRecoveryInstructions(),
        b.runtimeDirectory,
        b.dryRun.isPresent());
  }

  /** Builds the Linux {@link Backend}; every setting has a default. */
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
      checkArgument(
          runtimeDirectory.isAbsolute(),
          "runtime directory '%s' must be absolute",
          runtimeDirectory);
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
      checkArgument(
          !commandTimeout.isNegative() && !commandTimeout.isZero(),
          "command timeout (%s) must be positive",
          commandTimeout);
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

    public Backend build() {
      return wire(this);
    }
  }
}
