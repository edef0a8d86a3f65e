package dev.mnemosyne.adapters.linux;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.mnemosyne.adapters.linux",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule ONE_PUBLIC_ENTRY_POINT = classes()
      .that()
      .arePublic()
      .should()
      .haveFullyQualifiedName(LinuxAdapters.class.getName())
      .orShould()
      .haveFullyQualifiedName(LinuxAdapters.Builder.class.getName())
      .because(
          "the module's users reach the adapters through LinuxAdapters only; everything else may change");

  @ArchTest
  static final ArchRule PROCESSES_ONLY_THROUGH_THE_RUNNER = noClasses()
      .that()
      .haveNameNotMatching(
          java.util.regex.Pattern.quote(ExecCommandRunner.class.getName()) + "(\\$.*)?")
      .and()
      .haveNameNotMatching(java.util.regex.Pattern.quote(ProcessTree.class.getName()) + "(\\$.*)?")
      .should()
      .dependOnClassesThat()
      .resideInAPackage("org.apache.commons.exec..")
      .orShould()
      .dependOnClassesThat()
      .haveFullyQualifiedName(ProcessBuilder.class.getName())
      .orShould()
      .dependOnClassesThat()
      .haveFullyQualifiedName(Runtime.class.getName())
      .because(
          "every program runs through the one runner that redacts, bounds output and stops process trees");
}
