package dev.mnemosyne.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * Keeps the hexagon honest. This module sees every other one (core, adapters, and the testkit
 * on the test classpath), so the rules live here.
 */
@AnalyzeClasses(packages = "dev.mnemosyne", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreRunsNoProcesses = noClasses()
      .that()
      .resideInAPackage("dev.mnemosyne.core..")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage("org.apache.commons.exec..")
      .orShould()
      .dependOnClassesThat()
      .belongToAnyOf(ProcessBuilder.class, Process.class, ProcessHandle.class)
      .orShould()
      .callMethod(Runtime.class, "exec", String.class)
      .orShould()
      .callMethod(Runtime.class, "exec", String[].class)
      .because("the core is the backup domain: only adapters run Linux commands");

  @ArchTest
  static final ArchRule coreKnowsNoAdapter = noClasses()
      .that()
      .resideInAPackage("dev.mnemosyne.core..")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage(
          "dev.mnemosyne.adapters..", "dev.mnemosyne.cli..", "dev.mnemosyne.testkit..")
      .because("adapters plug into the core's ports, never the other way round");

  @ArchTest
  static final ArchRule jacksonStaysInConfigAndTheJsonWriters = noClasses()
      .that()
      .resideOutsideOfPackage("dev.mnemosyne.core.config..")
      .and()
      .haveNameNotMatching("dev\\.mnemosyne\\.(core\\.JsonText|cli\\.Json)(\\$.*)?")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage("com.fasterxml.jackson..")
      .because(
          "JSON is an edge concern: the config package turns it into domain values, and two writers (the"
              + " after hook's report, the CLI's --json report) turn reports into text; nothing else sees Jackson");

  @ArchTest
  static final ArchRule commonsExecStaysInAdapters = noClasses()
      .that()
      .resideOutsideOfPackage("dev.mnemosyne.adapters.linux..")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage("org.apache.commons.exec..")
      .because("only the Linux adapters run commands");

  @ArchTest
  static final ArchRule onlyTheCliWiresAdapters = noClasses()
      .that()
      .resideOutsideOfPackages("dev.mnemosyne.cli..", "dev.mnemosyne.adapters.linux..")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage("dev.mnemosyne.adapters.linux..")
      .because(
          "the CLI is the one place that chooses the Linux adapters; the testkit offers fakes instead");

  @ArchTest
  static final ArchRule adaptersDoNotReachTheCli = noClasses()
      .that()
      .resideOutsideOfPackage("dev.mnemosyne.cli..")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage("dev.mnemosyne.cli..")
      .because("the CLI is the outermost ring");

  @ArchTest
  static final ArchRule portsDependOnTheDomainOnly = noClasses()
      .that()
      .resideInAPackage("dev.mnemosyne.core.port..")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage("dev.mnemosyne.core", "dev.mnemosyne.core.config..")
      .because(
          "ports speak the domain's language and must not know the use cases or the config format");

  @ArchTest
  static final ArchRule noPackageCycles = slices()
      .matching("dev.mnemosyne.(**)")
      .should()
      .beFreeOfCycles()
      .because("each package is a ring or a part of one");

  @ArchTest
  static final ArchRule librariesDoNotPrint = noClasses()
      .that()
      .resideOutsideOfPackage("dev.mnemosyne.cli..")
      .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
      .because("embedding tools own their output: the libraries log through SLF4J and emit events");

  @ArchTest
  static final ArchRule librariesBindNoLoggingBackend = noClasses()
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage("org.slf4j.simple..", "ch.qos.logback..", "org.apache.logging.log4j..")
      .because("only the CLI's runtime classpath binds a logging backend");
}
