package dev.mnemosyne.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.mnemosyne.core.Mnemosyne;
import dev.mnemosyne.core.port.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the core's inside as the library's users and its front ends need it: the facade alone
 * sees the whole backend, each use case gets only its collaborators, the ports speak the domain
 * only, and no message of the core names a flag of the command line.
 */
@AnalyzeClasses(packages = "dev.mnemosyne", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreInsideArchitectureTest {
  private static final String FACADE = Mnemosyne.class.getName();
  private static final String FACADE_BUILDER = Mnemosyne.Builder.class.getName();

  @ArchTest
  static final ArchRule theFacadeKeepsItsFieldsPrivate = fields()
      .that()
      .areDeclaredIn(Mnemosyne.class)
      .should()
      .bePrivate()
      .because(
          "use cases receive their collaborators through their constructors, not by reading the facade");

  @ArchTest
  static final ArchRule noUseCaseReachesTheFacade = noClasses()
      .that()
      .resideInAPackage("dev.mnemosyne.core..")
      .and()
      .doNotHaveFullyQualifiedName(FACADE)
      .and()
      .doNotHaveFullyQualifiedName(FACADE_BUILDER)
      .should()
      .dependOnClassesThat()
      .haveFullyQualifiedName(FACADE)
      .because("a use case that holds the facade can reach everything: a service locator");

  @ArchTest
  static final ArchRule onlyTheFacadeSeesTheWholeBackend = noClasses()
      .that()
      .resideInAPackage("dev.mnemosyne.core..")
      .and()
      .doNotHaveFullyQualifiedName(FACADE)
      .and()
      .doNotHaveFullyQualifiedName(FACADE_BUILDER)
      .and()
      .doNotHaveFullyQualifiedName(Backend.class.getName())
      .should()
      .dependOnClassesThat()
      .haveFullyQualifiedName(Backend.class.getName())
      .because("each use case is given the ports it uses, never the bag of all of them");

  @ArchTest
  static final ArchRule coreStartsNoProcess = noClasses()
      .that()
      .resideInAPackage("dev.mnemosyne.core..")
      .should()
      .dependOnClassesThat()
      .belongToAnyOf(Runtime.class, ProcessBuilder.class, Process.class)
      .because("running Linux commands is the adapters' business");

  @ArchTest
  static final ArchRule portsSpeakTheDomainOnly = classes()
      .that()
      .resideInAPackage("dev.mnemosyne.core.port..")
      .should()
      .onlyDependOnClassesThat()
      .resideInAnyPackage(
          "dev.mnemosyne.core.port..",
          "dev.mnemosyne.core.model..",
          "dev.mnemosyne.core.failure..",
          "java..",
          "com.google.common..",
          "com.google.errorprone..")
      .because("a port names what the domain needs of a host, in the domain's words");

  @ArchTest
  static final ArchRule failuresStandAlone = classes()
      .that()
      .resideInAPackage("dev.mnemosyne.core.failure..")
      .should()
      .onlyDependOnClassesThat()
      .resideInAnyPackage(
          "dev.mnemosyne.core.failure..",
          "dev.mnemosyne.core.model..",
          "java..",
          "com.google.common..",
          "com.google.errorprone..")
      .because(
          "every exception a user catches lives in one package, which any other package may throw from");

  @ArchTest
  static final ArchRule exceptionsLiveInOnePackage = classes()
      .that()
      .resideInAPackage("dev.mnemosyne.core..")
      .and()
      .areAssignableTo(RuntimeException.class)
      .should()
      .resideInAPackage("dev.mnemosyne.core.failure")
      .because("a user finds every exception the library throws in one place");

  /** A string literal in Java source, escapes included; text blocks are not used in the core. */
  private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");

  private static final Pattern FLAG = Pattern.compile("--[a-z]");

  @Test
  void noStringLiteralOfTheCoreNamesACommandLineFlag() throws IOException {
    Path core = Path.of("..", "mnemosyne-core", "src", "main", "java");
    assertThat(core).isDirectory();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(core)) {
      for (Path file :
          files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
            continue;
          }
          Matcher literal = LITERAL.matcher(line);
          while (literal.find()) {
            if (FLAG.matcher(literal.group()).find()) {
              found.add(core.relativize(file) + ":" + (i + 1) + ": " + literal.group());
            }
          }
        }
      }
    }
    assertThat(found)
        .as("core messages speak the API's terms; the CLI adds its flags through Remedy")
        .isEmpty();
  }

  @Test
  void theScanFindsAFlagWhereThereIsOne() {
    Matcher literal =
        LITERAL.matcher("throw new RefusedException(\"run \\\"x\\\" --init-store first\");");
    assertThat(literal.find()).isTrue();
    assertThat(FLAG.matcher(literal.group()).find()).isTrue();
  }
}
