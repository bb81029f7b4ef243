package dev.conifer.conformance;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The snek core is a deterministic sans-I/O state machine (ARCHITECTURE.md): time and randomness
 * come in as arguments, and it neither sleeps, starts threads, logs nor touches Netty. Only
 * production classes are checked; the snek test jar (generators, harnesses) is excluded.
 */
class SnekArchitectureTest {
  private static final String CORE = "dev.conifer.snek..";
  private static final String FIXTURE = "dev.conifer.conformance.archfixture";
  private static JavaClasses core;

  /** Excludes test classes, whether from a test-classes directory or a {@code -tests.jar}. */
  static final class ProductionOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return new DoNotIncludeTests().includes(location)
          && !location.contains("-tests.jar")
          && !location.contains("/test-classes/");
    }
  }

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(new ProductionOnly())
            .importPackages("dev.conifer.snek");
  }

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
        .because("time comes in as nowNs (ARCHITECTURE.md, snek)");
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
        .because("randomness comes in as a seed (ARCHITECTURE.md, snek)");
  }

  static ArchRule neitherSleepsNorStartsThreads(String packages) {
    return noClasses()
        .that()
        .resideInAPackage(packages)
        .should()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .callMethod(Thread.class, "sleep", long.class, int.class)
        .orShould()
        .callConstructorWhere(target(owner(assignableTo(Thread.class))))
        .because("snek runs on its caller's thread (ARCHITECTURE.md, snek)");
  }

  static ArchRule dependsOnNeitherNettyNorLogging(String packages) {
    return noClasses()
        .that()
        .resideInAPackage(packages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "org.slf4j..")
        .because("snek may depend on the JDK and BouncyCastle only (ARCHITECTURE.md)");
  }

  @Test
  void importsTheProductionCoreOnly() {
    // Guards against a vacuous pass if the package ever moves.
    assertThat(core.contain("dev.conifer.snek.SnekNode")).isTrue();
    assertThat(core.contain("dev.conifer.snek.wire.FrameCodec")).isTrue();
    assertThat(core.contain("dev.conifer.snek.wire.Gen")).isFalse();
  }

  @Test
  void coreReadsNoClock() {
    readsNoClock(CORE).check(core);
  }

  @Test
  void coreMakesNoRandomness() {
    makesNoRandomness(CORE).check(core);
  }

  @Test
  void coreNeitherSleepsNorStartsThreads() {
    neitherSleepsNorStartsThreads(CORE).check(core);
  }

  @Test
  void coreDependsOnNeitherNettyNorLogging() {
    dependsOnNeitherNettyNorLogging(CORE).check(core);
  }

  /** Each rule, applied to a fixture that breaks it, must report the violation. */
  @Test
  void rulesCatchViolations() {
    JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
    String pkg = FIXTURE + "..";
    assertThat(report(readsNoClock(pkg), fixture))
        .contains("System.nanoTime()", "System.currentTimeMillis()", "Instant.now()");
    assertThat(report(makesNoRandomness(pkg), fixture))
        .contains("Random.<init>(long)", "ThreadLocalRandom");
    assertThat(report(neitherSleepsNorStartsThreads(pkg), fixture))
        .contains("Thread.sleep(long)", "Thread.<init>(java.lang.Runnable)");
    assertThat(report(dependsOnNeitherNettyNorLogging(pkg), fixture))
        .contains("io.netty.buffer.Unpooled", "org.slf4j.LoggerFactory");
    for (ArchRule rule :
        List.of(
            readsNoClock(pkg),
            makesNoRandomness(pkg),
            neitherSleepsNorStartsThreads(pkg),
            dependsOnNeitherNettyNorLogging(pkg))) {
      assertThat(rule.evaluate(fixture).hasViolation()).isTrue();
    }
  }

  private static String report(ArchRule rule, JavaClasses classes) {
    return rule.evaluate(classes).getFailureReport().toString();
  }
}
