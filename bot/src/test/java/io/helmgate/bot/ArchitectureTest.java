package io.helmgate.bot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The house rules of DESIGN.md that a compiler cannot check. */
class ArchitectureTest {

  private static final JavaClasses ALL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.helmgate");

  @Test
  void domainDependsOnlyOnItselfAndTheJdk() {
    classes()
        .that()
        .resideInAPackage("io.helmgate.domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.helmgate.domain..", "java..")
        .because("commands/ is the domain: no Spring, Slack, JGit, Quartz, Vault or HTTP types")
        .check(ALL);
  }

  @Test
  void noClassReadsTheWallClockDirectly() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("io.helmgate.bot.ClockConfiguration")
        .should()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(java.time.LocalDateTime.class, "now")
        .orShould()
        .callMethod(java.time.ZonedDateTime.class, "now")
        .orShould()
        .callMethod(java.time.OffsetDateTime.class, "now")
        .orShould()
        .callMethod(java.time.LocalDate.class, "now")
        .orShould()
        .callMethod(java.time.LocalTime.class, "now")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .orShould()
        .callMethod(java.time.Clock.class, "systemDefaultZone")
        .because("time comes from the injected Clock, so tests can control it")
        .check(ALL);
  }

  @Test
  void theDomainNeverWaitsOrMeasuresTimeItself() {
    noClasses()
        .that()
        .resideInAPackage("io.helmgate.domain..")
        .should()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .callMethod(Thread.class, "sleep", long.class, int.class)
        .orShould()
        .callMethod(Thread.class, "sleep", java.time.Duration.class)
        .orShould()
        .callMethod(System.class, "nanoTime")
        .because(
            "a step that must wait returns Running(retryAt) and the scheduler runs it again; time"
                + " comes from the injected Clock")
        .check(ALL);
  }

  @Test
  void executionStepsUseOnlyTheDomainAndItsPorts() {
    classes()
        .that()
        .implement(io.helmgate.domain.execution.Step.class)
        .or()
        .implement(io.helmgate.domain.execution.Compensation.class)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.helmgate.domain..", "java..")
        .andShould()
        .onlyBeAccessed()
        .byAnyPackage("io.helmgate.domain..")
        .because(
            "a step is one small domain class over ports; adapters implement the ports, they do"
                + " not reach into steps")
        .check(ALL);
  }
}
