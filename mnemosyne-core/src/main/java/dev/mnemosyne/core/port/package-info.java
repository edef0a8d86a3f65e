/**
 * The ports: what the use cases need from the host, each a narrow interface named by its role.
 *
 * <p>{@link dev.mnemosyne.core.port.RemoteMount} makes the remote available, {@link
 * dev.mnemosyne.core.port.EncryptedVolume} opens the store image, {@link
 * dev.mnemosyne.core.port.SnapshotFilesystem} keeps the stages as subvolumes, {@link
 * dev.mnemosyne.core.port.Transfer} mirrors a source into a stage, {@link
 * dev.mnemosyne.core.port.HostChecks} checks the host, {@link dev.mnemosyne.core.port.RunLock}
 * allows one run per store, {@link dev.mnemosyne.core.port.HookRunner} runs a backup's
 * hooks and {@link dev.mnemosyne.core.port.RecoveryInstructions} writes a recovery kit's steps
 * in the host's commands. A {@link dev.mnemosyne.core.port.Backend} holds them all, with the
 * runtime directory and whether the ports only describe (a dry run): the one value a {@code
 * Mnemosyne} is built from. What a port acquires is a {@link dev.mnemosyne.core.port.Handle}; what fails is a
 * {@link dev.mnemosyne.core.failure.StepFailedException} naming its {@link
 * dev.mnemosyne.core.model.Step}.
 *
 * <p>The Linux adapters ({@code dev.mnemosyne.adapters.linux.LinuxAdapters}) and the testkit's
 * fakes ({@code dev.mnemosyne.testkit.FakeEnvironment}) implement every port, and the testkit's
 * contract tests hold both to the same behaviour.
 */
package dev.mnemosyne.core.port;
