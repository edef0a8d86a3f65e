/**
 * mnemosyne's ports implemented with the standard Linux tools, reached through {@link
 * dev.mnemosyne.adapters.linux.LinuxAdapters}.
 *
 * <p>Every program runs through one command runner: no shell, an absolute executable found on
 * PATH (or in {@code /usr/sbin}, {@code /sbin}), arguments passed one by one, {@code LC_ALL=C},
 * output streamed line by line with only a bounded tail kept for error messages, a time limit
 * (none for rsync) and thread interruption that stop the command together with every process it
 * started. Secrets never appear in arguments, environments, logs or exceptions: a CIFS password
 * goes into a 0600 credentials file that exists only while {@code mount} runs.
 *
 * <p>Mount points ({@code <runtime>/<store>/remote}, {@code …/store}), the loop record and the
 * lock file ({@code <runtime>/<store>.lock}) live in a private runtime directory,
 * {@code /run/mnemosyne} by default. Cleaning up after a crashed run touches only what the mount
 * table, {@code /dev/mapper} or the loop record shows to be the store's own.
 */
package dev.mnemosyne.adapters.linux;
