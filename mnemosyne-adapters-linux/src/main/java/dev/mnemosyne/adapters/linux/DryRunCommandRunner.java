package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;

/** Runs nothing: prints each command as it would run and reports success with no output. */
final class DryRunCommandRunner implements CommandRunner {
  private final Consumer<String> out;

  DryRunCommandRunner(Consumer<String> out) {
    this.out = requireNonNull(out, "out");
  }

  @Override
  public CommandResult run(Command command) {
    out.accept(command.commandLine());
    return CommandResult.success();
  }
}
