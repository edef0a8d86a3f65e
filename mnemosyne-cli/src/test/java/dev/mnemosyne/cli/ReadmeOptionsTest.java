package dev.mnemosyne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * README.md's tables of actions and options, under "Commands and options", name exactly what the
 * {@link Option} table has: an option added to the command, or renamed, must be documented.
 */
class ReadmeOptionsTest {
  private static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();
  private static final Pattern NAME = Pattern.compile("`(--?[a-z][a-z-]*)");

  @Test
  void theActionTableNamesEveryActionOfTheOptionTable() throws IOException {
    Set<String> expected = names(Help.actions());

    assertThat(firstCells("| Action |")).isEqualTo(expected);
  }

  @Test
  void theOptionTableNamesEveryOtherOptionOfTheOptionTable() throws IOException {
    Set<String> expected = names(Help.options());

    assertThat(firstCells("| Option |")).isEqualTo(expected);
  }

  private static Set<String> names(List<Option> options) {
    return options.stream()
        .flatMap(o -> java.util.stream.Stream.concat(
            o.shortName().stream(), java.util.stream.Stream.of(o.longName())))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The option names in the first cells of the README table under {@code header} in "Commands and options". */
  private static Set<String> firstCells(String header) throws IOException {
    String readme = Files.readString(README);
    int section = readme.indexOf("\n## Commands and options\n");
    int end = readme.indexOf("\n## ", section + 1);
    assertThat(section).as("README section Commands and options").isPositive();
    List<String> lines = Arrays.asList(readme.substring(section, end).split("\n"));
    int start = lines.indexOf(lines.stream()
        .filter(l -> l.startsWith(header))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no table " + header + " in README's Commands and options")));
    Set<String> names = new LinkedHashSet<>();
    for (String line : lines.subList(start + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      Matcher name = NAME.matcher(line.substring(1, line.indexOf('|', 1)));
      while (name.find()) {
        names.add(name.group(1));
      }
    }
    return names;
  }
}
