package dev.mnemosyne.adapters.linux;

import static java.util.Objects.requireNonNull;

import dev.mnemosyne.core.failure.StepFailedException.Reason;
import dev.mnemosyne.core.model.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmounts with {@code umount}, retrying a few times while the mount is busy (a process that
 * just finished may still hold a file open), like the original did.
 */
final class Unmounter {
  private static final Logger log = LoggerFactory.getLogger(Unmounter.class);
  static final int ATTEMPTS = 5;
  static final Duration PAUSE = Duration.ofSeconds(2);

  private final AdapterContext context;
  private final MountTable mounts;

  Unmounter(AdapterContext context, MountTable mounts) {
    this.context = requireNonNull(context, "context");
    this.mounts = requireNonNull(mounts, "mounts");
  }

  /** Unmounts {@code mountPoint}; one that is no longer mounted counts as done. */
  void unmount(Path mountPoint, Step step) {
    // Unmounting writes out what is still cached, which takes long on a slow NAS; and a limit could
    // not stop a umount blocked in the kernel anyway.
    Command command = Command.of(step, "umount")
        .arg(mountPoint)
        .timeLimit(Command.TimeLimit.NONE)
        .build();
    for (int attempt = 1; ; attempt++) {
      CommandResult result = context.runner().run(command);
      if (result.succeeded()) {
        return;
      }
      String error = result.errorText().toLowerCase(Locale.ROOT);
      if (error.contains("not mounted")) {
        log.debug("{} was not mounted any more", mountPoint);
        return;
      }
      if (!error.contains("busy")
          || attempt >= ATTEMPTS
          || Thread.currentThread().isInterrupted()) {
        throw CommandRunner.failure(command, result, Reason.ERROR);
      }
      log.info("{} is busy; trying again in {} s", mountPoint, PAUSE.toSeconds());
      context.pauses().pause(PAUSE);
    }
  }

  /** Unmounts {@code mountPoint} if the mount table shows it mounted; never anything else. */
  void unmountIfMounted(Path mountPoint, Step step) {
    if (!context.isDryRun() && mounts.isMountPoint(mountPoint)) {
      log.info("unmounting {}, left mounted by an earlier run", mountPoint);
      unmount(mountPoint, step);
    }
  }
}
