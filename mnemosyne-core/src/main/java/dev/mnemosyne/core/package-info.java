/**
 * mnemosyne's use cases: back up, restore, list, verify, mount, grow and re-key a store.
 *
 * <p>{@link dev.mnemosyne.core.Mnemosyne} is the entry point: built once with {@link
 * dev.mnemosyne.core.Mnemosyne#builder(dev.mnemosyne.core.port.Backend)} from a {@link
 * dev.mnemosyne.core.port.Backend}, every port of a host in one value (the Linux adapters', or
 * the testkit's fakes), it runs each command against a {@link
 * dev.mnemosyne.core.model.BackupConfig} and answers with a report ({@link
 * dev.mnemosyne.core.BackupReport}, {@link dev.mnemosyne.core.RestoreReport}, {@link
 * dev.mnemosyne.core.StoreListing}, {@link dev.mnemosyne.core.VerifyReport} …). A {@link
 * dev.mnemosyne.core.BackupListener} receives the {@link dev.mnemosyne.core.BackupEvent}s of a
 * run as they happen. Every exception it throws is in {@code dev.mnemosyne.core.failure}.
 *
 * <p>The rotation plans, the state-file bookkeeping and the steps of each command are
 * package-private: they are how the use cases work, not what a caller uses.
 */
package dev.mnemosyne.core;
