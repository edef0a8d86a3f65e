/**
 * Testing code that embeds mnemosyne without root, loop devices, LUKS or btrfs.
 *
 * <p>{@link dev.mnemosyne.testkit.FakeEnvironment} is the entry point: fakes of every port
 * over real temporary directories, wired to a {@link dev.mnemosyne.testkit.TestClock}, a
 * {@link dev.mnemosyne.testkit.Journal} of every port call and configurable {@link
 * dev.mnemosyne.testkit.Faults}; {@link dev.mnemosyne.testkit.MnemosyneAssertions} checks
 * stores. The contract tests ({@link dev.mnemosyne.testkit.RemoteMountContract}, {@link
 * dev.mnemosyne.testkit.EncryptedVolumeContract}, {@link
 * dev.mnemosyne.testkit.SnapshotFilesystemContract}, {@link
 * dev.mnemosyne.testkit.TransferContract}, {@link dev.mnemosyne.testkit.RunLockContract}) hold
 * an adapter, fake or real, to the same behaviour. {@link
 * dev.mnemosyne.testkit.RequiresCapability} skips a test, naming what is missing, on a host
 * without a {@link dev.mnemosyne.testkit.Capability} it needs.
 *
 * <p>JUnit 5 and AssertJ are optional dependencies of the kit: the test that uses it brings them.
 */
package dev.mnemosyne.testkit;
