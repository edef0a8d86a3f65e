package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The man page and the bash completion are made from the command's own tables, and the committed
 * copies under {@code packaging/} are what the generator makes: neither can drift from {@code --help}.
 */
class ReferenceDocsTest {
  private static final Path MAN_PAGE =
      Path.of("..", "packaging", "man", "mnemosyne.1").toAbsolutePath().normalize();
  private static final Path COMPLETION = Path.of("..", "packaging", "completion", "mnemosyne.bash")
      .toAbsolutePath()
      .normalize();
  private static final String REGENERATE =
      "regenerate with: mvn -B -q -pl mnemosyne-cli -am package -DskipTests"
          + " && java -cp mnemosyne-cli/target/mnemosyne.jar dev.mnemosyne.cli.ReferenceDocs packaging/man/mnemosyne.1"
          + " packaging/completion/mnemosyne.bash";

  @Test
  void theCommittedManPageIsTheGeneratedOne() throws IOException {
    assertThat(Files.readString(MAN_PAGE)).as(REGENERATE).isEqualTo(ReferenceDocs.manPage());
  }

  @Test
  void theCommittedCompletionIsTheGeneratedOne() throws IOException {
    assertThat(Files.readString(COMPLETION)).as(REGENERATE).isEqualTo(ReferenceDocs.completion());
  }

  @Test
  void theManPageNamesEveryActionOptionAndExitCode() {
    String man = ReferenceDocs.manPage();
    for (String option : Option.names()) {
      assertThat(man).as(option).contains(ReferenceDocs.roff(option));
    }
    for (ExitCode code : ExitCode.values()) {
      assertThat(man).contains(".B " + code.code() + "\n");
    }
    assertThat(man)
        .contains(
            ".SH FILES", "/etc/mnemosyne/config.json", "/usr/local/etc/mnemosyne/config.json");
  }

  @Test
  void theCompletionOffersEveryOptionTheCommandAccepts() {
    String completion = ReferenceDocs.completion();
    java.util.regex.Matcher opts =
        java.util.regex.Pattern.compile("local opts=\"([^\"]*)\"").matcher(completion);
    assertThat(opts.find()).isTrue();
    assertThat(List.of(opts.group(1).split(" ")))
        .containsExactlyElementsOf(Option.names())
        .contains("-h", "-c", "-v", "-q");
    assertThat(completion)
        .contains("    --export-recovery-kit|-c|--config|--target|--metrics-file)\n"
            + "      COMPREPLY=($(compgen -f -- \"$cur\"))");
    assertThat(completion)
        .contains("    --restore|--scrub-timeout|--sample|--max-age)\n      COMPREPLY=()");
  }

  @Test
  void theGeneratorWritesBothFiles(@org.junit.jupiter.api.io.TempDir Path temp) throws IOException {
    Path man = temp.resolve("mnemosyne.1");
    Path completion = temp.resolve("mnemosyne.bash");

    ReferenceDocs.main(new String[] {man.toString(), completion.toString()});

    assertThat(man).hasContent(ReferenceDocs.manPage());
    assertThat(completion).hasContent(ReferenceDocs.completion());
  }
}
