/**
 * Every exception the library throws, in one place.
 *
 * <p>{@link dev.mnemosyne.core.failure.MnemosyneException} is the base of all of them and may
 * carry a {@link dev.mnemosyne.core.failure.Remedy}, the action that fixes it, in the API's
 * terms (a command line turns it into its flag). Below it: {@link
 * dev.mnemosyne.core.failure.ConfigException} (a configuration that cannot be used, with every
 * {@link dev.mnemosyne.core.failure.ConfigProblem} and its JSON path), {@link
 * dev.mnemosyne.core.failure.RefusedException} (a request refused before anything was touched),
 * {@link dev.mnemosyne.core.failure.EnvironmentNotReadyException} (the host cannot run it yet),
 * {@link dev.mnemosyne.core.failure.StoreLockedException} (another run holds the store), {@link
 * dev.mnemosyne.core.failure.StepFailedException} (a port's step failed, with its {@link
 * dev.mnemosyne.core.failure.StepFailedException.Reason}) and {@link
 * dev.mnemosyne.core.failure.InternalFailureException} (an {@code Error} such as running out of
 * memory, after the teardown). {@link dev.mnemosyne.core.failure.FailureKind} sorts any of them
 * into the kind a report names.
 */
package dev.mnemosyne.core.failure;
