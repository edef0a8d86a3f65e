package dev.mnemosyne.cli;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code mnemosyne} command. Run {@code mnemosyne --help} for its actions, options and
 * exit codes.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new LinuxWiring()));
  }

  /** Runs one call with {@code adapters}, with signal handling and logging set up as for the real command. */
  static int run(String[] args, Adapters adapters) {
    configureLogging(CommandLine.requestedVerbosity(args));
    StopRequest stop = new StopRequest();
    CountDownLatch finished = new CountDownLatch(1);
    Signals.install(stop, Thread.currentThread(), finished, System.err);
    String encoding =
        System.getProperty("stdout.encoding", Charset.defaultCharset().name());
    // The launcher sets mnemosyne.asciiOutput when it chose a UTF-8 locale for file names that the
    // environment lacked.
    boolean unicode = Charset.isSupported(encoding)
        && Charset.forName(encoding).equals(StandardCharsets.UTF_8)
        && !Boolean.getBoolean("mnemosyne.asciiOutput");
    Cli cli = new Cli(
        adapters,
        System.getenv(),
        new Cli.Terminal(System.console() != null, unicode),
        stop,
        Clock.systemUTC());
    try {
      return cli.run(args, System.out, System.err);
    } finally {
      finished.countDown();
    }
  }

  /**
   * Sends slf4j-simple's logs to stderr, short, at the level the flags ask for; must run
   * before the first logger is made. The core reports through events, which the command
   * prints itself, so its own log lines are shown only with {@code --verbose}.
   */
  private static void configureLogging(Verbosity verbosity) {
    boolean verbose = verbosity == Verbosity.VERBOSE;
    boolean quiet = verbosity == Verbosity.QUIET;
    String level = verbose ? "debug" : quiet ? "warn" : "info";
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", level);
    setDefault("org.slf4j.simpleLogger.log.dev.mnemosyne.core", verbose ? "debug" : "error");
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    setDefault("org.slf4j.simpleLogger.showShortLogName", String.valueOf(verbose));
    setDefault("org.slf4j.simpleLogger.showLogName", "false");
    setDefault("org.slf4j.simpleLogger.levelInBrackets", "false");
    setDefault("org.slf4j.simpleLogger.showDateTime", "false");
  }

  private static void setDefault(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
