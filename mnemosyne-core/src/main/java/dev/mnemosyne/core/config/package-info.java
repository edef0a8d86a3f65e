/**
 * mnemosyne's configuration file: {@link dev.mnemosyne.core.config.ConfigLoader} reads the
 * JSON file into the domain's {@link dev.mnemosyne.core.model.BackupConfig}, reporting every
 * problem at once with its JSON path in a {@link dev.mnemosyne.core.failure.ConfigException}.
 * The JSON library is used here and nowhere else in the core.
 */
package dev.mnemosyne.core.config;
