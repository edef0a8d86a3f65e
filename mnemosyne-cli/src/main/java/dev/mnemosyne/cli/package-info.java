/**
 * The {@code mnemosyne} command: parses the command line by hand (so that {@code --help}
 * starts in a blink), loads the configuration, wires the Linux adapters to the core, prints
 * what happens and exits with a documented code. {@link dev.mnemosyne.cli.Main} is the
 * only public type.
 */
package dev.mnemosyne.cli;
