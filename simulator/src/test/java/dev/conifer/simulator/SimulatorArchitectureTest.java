package dev.conifer.simulator;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.conifer.simulator.model.SimRandom;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The simulator is deterministic and runs in virtual time: it reads no clock, makes no randomness
 * of its own (every stream comes from the run seed through {@link SimRandom}), starts no thread (a
 * parallel run takes its threads from the caller's factory), and touches no Netty; it drives the
 * router core ({@code SteppedRouter}) and never the daemon's threaded {@code Router}. The fixture
 * package breaks each rule to prove the rules bite.
 */
class SimulatorArchitectureTest {
  private static final String SIMULATOR = "dev.conifer.simulator";
  private static final String FIXTURE = "dev.conifer.simulator.archfixture";

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(SIMULATOR);

  static ArchRule readsNoClock(String packages) {
    return noClasses()
        .that()
        .resideInAPackage(packages)
        .should()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(Instant.class, "now")
        .because("the simulator runs in virtual time (SimClock)");
  }

  static ArchRule makesNoRandomness(String packages) {
    return noClasses()
        .that()
        .resideInAPackage(packages)
        .should()
        .callConstructorWhere(target(owner(assignableTo(Random.class))))
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(ThreadLocalRandom.class)
        .because("every random stream derives from the run seed (SimRandom)");
  }

  static ArchRule startsNoThreads(String packages) {
    return noClasses()
        .that()
        .resideInAPackage(packages)
        .should()
        .callConstructorWhere(target(owner(assignableTo(Thread.class))))
        .because(
            "a run's extra threads come from the caller's ThreadFactory, like its time and seeds;"
                + " events run in the order of their keys whatever runs them");
  }

  static ArchRule touchesNoNettyNorThreadedRouter(String packages) {
    return noClasses()
        .that()
        .resideInAPackage(packages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "com.lmax..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.conifer.router.Router")
        .because("the simulator drives RouterCore through SteppedRouter, in memory");
  }

  @Test
  void importsTheProductionSimulator() {
    assertThat(PRODUCTION.contain("dev.conifer.simulator.SimNetwork")).isTrue();
    assertThat(PRODUCTION.contain("dev.conifer.simulator.SimulatorArchitectureTest")).isFalse();
  }

  @Test
  void readsNoClock() {
    readsNoClock(SIMULATOR + "..").check(PRODUCTION);
  }

  @Test
  void makesNoRandomness() {
    makesNoRandomness(SIMULATOR + "..").check(PRODUCTION);
  }

  @Test
  void startsNoThreads() {
    startsNoThreads(SIMULATOR + "..").check(PRODUCTION);
  }

  @Test
  void touchesNoNettyNorTheThreadedRouter() {
    touchesNoNettyNorThreadedRouter(SIMULATOR + "..").check(PRODUCTION);
  }

  @Test
  void rulesCatchViolations() {
    JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
    String pkg = FIXTURE + "..";
    assertThat(report(readsNoClock(pkg), fixture))
        .contains("System.nanoTime()", "System.currentTimeMillis()", "Instant.now()");
    assertThat(report(makesNoRandomness(pkg), fixture))
        .contains("Random.<init>(long)", "ThreadLocalRandom");
    assertThat(report(startsNoThreads(pkg), fixture)).contains("Thread.<init>");
    assertThat(report(touchesNoNettyNorThreadedRouter(pkg), fixture))
        .contains("dev.conifer.router.Router");
    for (ArchRule rule :
        List.of(
            readsNoClock(pkg),
            makesNoRandomness(pkg),
            startsNoThreads(pkg),
            touchesNoNettyNorThreadedRouter(pkg))) {
      assertThat(rule.evaluate(fixture).hasViolation()).isTrue();
    }
  }

  private static String report(ArchRule rule, JavaClasses classes) {
    return rule.evaluate(classes).getFailureReport().toString();
  }
}
