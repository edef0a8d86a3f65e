package dev.mnemosyne.core.port;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One host's way of doing everything a store needs, as one value: every port, the directory
 * where the ports keep their mount points and locks, and whether the ports only describe what
 * they would do. The Linux adapters ({@code LinuxAdapters.backend()}) and the testkit's fakes
 * ({@code FakeEnvironment.backend()}) each hand over a consistent one; a dry run is a property of
 * the backend, so a core that describes can never drive ports that act, nor the other way round.
 *
 * <pre>{@code
 * Backend linux = LinuxAdapters.builder().dryRun(System.out::println).build();
 * Mnemosyne mnemosyne = Mnemosyne.builder(linux).build();
 * }</pre>
 *
 * @param runtimeDirectory where the ports keep every store's mount points and locks: a source
 *     that contains it leaves it out, and a source inside it is refused
 * @param dryRun whether the ports execute and write nothing, describing instead; the core then
 *     does no file I/O of its own on the store either
 */
public record Backend(
    RemoteMount remoteMount,
    EncryptedVolume encryptedVolume,
    SnapshotFilesystem snapshotFilesystem,
    Transfer transfer,
    HostChecks hostChecks,
    RunLock runLock,
    HookRunner hookRunner,
    RecoveryInstructions recoveryInstructions,
    Path runtimeDirectory,
    boolean dryRun) {
  public Backend {
    requireNonNull(remoteMount, "remoteMount");
    requireNonNull(encryptedVolume, "encryptedVolume");
    requireNonNull(snapshotFilesystem, "snapshotFilesystem");
    requireNonNull(transfer, "transfer");
    requireNonNull(hostChecks, "hostChecks");
    requireNonNull(runLock, "runLock");
    requireNonNull(hookRunner, "hookRunner");
    requireNonNull(recoveryInstructions, "recoveryInstructions");
    requireNonNull(runtimeDirectory, "runtimeDirectory");
    checkArgument(
        runtimeDirectory.isAbsolute(), "runtime directory '%s' must be absolute", runtimeDirectory);
    runtimeDirectory = runtimeDirectory.normalize();
  }
}
