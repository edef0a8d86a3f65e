package dev.mnemosyne.cli.probe;

/** A main class with no dependencies, packed alone into a jar to try the launcher's class-data archive. */
public final class ClassArchiveProbe {
  private ClassArchiveProbe() {}

  /** Prints one line, as {@code --json} would: anything else on stdout would spoil it. */
  public static void main(String[] args) {
    System.out.println("{\"probe\":" + args.length + "}");
  }
}
