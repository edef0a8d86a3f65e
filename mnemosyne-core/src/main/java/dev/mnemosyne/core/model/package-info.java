/**
 * The backup domain's values: what a store is and how it is kept.
 *
 * <p>{@link dev.mnemosyne.core.model.BackupConfig} is the root: a {@link
 * dev.mnemosyne.core.model.StoreSpec} (the image on a {@link dev.mnemosyne.core.model.Remote},
 * its {@link dev.mnemosyne.core.model.Encryption} and {@link
 * dev.mnemosyne.core.model.Compression}), a {@link dev.mnemosyne.core.model.RotationPolicy}
 * (optionally with a {@link dev.mnemosyne.core.model.RetentionPolicy}), the {@link
 * dev.mnemosyne.core.model.SourceDirectory}s and their {@link dev.mnemosyne.core.model.StageKey}s,
 * and {@link dev.mnemosyne.core.model.Hooks}. A {@link dev.mnemosyne.core.model.Stage} is one
 * point in time of one key; a {@link dev.mnemosyne.core.model.RotationStep} is one filesystem
 * operation of a rotation. {@link dev.mnemosyne.core.model.Secret} keeps credentials out of
 * logs, and {@link dev.mnemosyne.core.failure.MnemosyneException} is the base of every error.
 *
 * <p>{@link dev.mnemosyne.core.model.StateFiles} and {@link dev.mnemosyne.core.model.PointTimes}
 * describe the store's on-disk layout (the original tool's, which existing stores keep): they are
 * public because the testkit's fake store and the real-filesystem tests lay out and check
 * stores in that format.
 *
 * <p>Values are immutable records that check their arguments when they are made.
 */
package dev.mnemosyne.core.model;
