package dev.mnemosyne.cli;

import dev.mnemosyne.core.GrowthReport;
import dev.mnemosyne.core.KeyChangeReport;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.model.BackupConfig;
import java.util.Optional;
import java.util.OptionalInt;

/** The actions that keep a store over the years: {@code --grow-store} and {@code --change-key}. */
final class LifecycleActions {
  private final Mnemosyne mnemosyne;
  private final BackupConfig config;
  private final Console console;
  private final RunReport report;

  LifecycleActions(Mnemosyne mnemosyne, BackupConfig config, Console console, RunReport report) {
    this.mnemosyne = mnemosyne;
    this.config = config;
    this.console = console;
    this.report = report;
  }

  ExitCode growStore() {
    GrowthReport result = mnemosyne.growStore(config);
    report.put("imageBytesBefore", result.imageBytesBefore());
    report.put("imageBytes", result.imageBytes());
    report.put("filesystemBytesBefore", result.filesystemBytesBefore());
    report.put("filesystemBytesAfter", result.filesystemBytesAfter());
    report.put("remoteFreeBytes", result.remoteFreeBytes());
    report.put("grew", result.imageGrew() || result.filesystemGrew());
    return result.warnings().isEmpty() ? ExitCode.SUCCESS : ExitCode.WARNINGS;
  }

  ExitCode changeKey() {
    KeyChangeReport result = mnemosyne.changeKey(config);
    report.put("keyFile", result.keyFile().toString());
    report.put("keySlot", boxed(result.keySlot()));
    report.put("removedSlot", boxed(result.removedSlot()));
    report.put("resumed", result.resumed());
    if (!result.dryRun()) {
      console.result(result.keyFile().toString());
    }
    return ExitCode.SUCCESS;
  }

  private static Optional<Integer> boxed(OptionalInt value) {
    return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
  }
}
