package dev.conifer.node.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clock, randomness and wiring rules of docs/ARCHITECTURE.md over every module's production
 * classes, and each rule against a fixture that breaks it, so that a rule that stopped matching
 * anything would fail here rather than pass vacuously.
 */
class ArchitectureRulesTest {
  private static final String FIXTURE = "dev.conifer.archfixture";
  private static JavaClasses production;
  private static JavaClasses fixture;

  @BeforeAll
  static void importClasses() {
    production = ModuleRules.production();
    fixture = new ClassFileImporter().importPackages(FIXTURE);
  }

  @Test
  void importsEveryModulesProductionClassesOnly() {
    for (String name :
        new String[] {
          "dev.conifer.snek.SnekNode",
          "dev.conifer.router.Router",
          "dev.conifer.transport.Transports",
          "dev.conifer.session.Sessions",
          "dev.conifer.transfer.rendezvous.RendezvousService",
          "dev.conifer.sync.link.SessionSyncService",
          "dev.conifer.simulator.Simulation",
          "dev.conifer.conformance.ConformanceSuite",
          "dev.conifer.node.ConiferNode"
        }) {
      assertThat(production.contain(name)).as(name).isTrue();
    }
    assertThat(production.contain(FIXTURE + ".ReadsTheClock")).isFalse();
    assertThat(production.contain("dev.conifer.session.TestOverlay")).isFalse();
  }

  @Test
  void onlyNodeReadsTheRealClock() {
    ModuleRules.onlyNodeReadsTheClock().check(production);
  }

  @Test
  void onlyNodeCreatesRandomness() {
    ModuleRules.onlyNodeCreatesRandomness().check(production);
  }

  @Test
  void onlyNodeWiresModulesTogether() {
    for (ArchRule rule : ModuleRules.onlyNodeWires()) {
      rule.check(production);
    }
  }

  @Test
  void theClockRuleCatchesEveryKindOfRead() {
    assertThat(report(ModuleRules.onlyNodeReadsTheClock(), fixture))
        .contains(
            "System.nanoTime()",
            "System.currentTimeMillis()",
            "Instant.now()",
            "Clock.systemUTC()",
            "references method <java.lang.System.nanoTime()>");
  }

  @Test
  void theRandomnessRuleCatchesEveryKindOfSourceButASeed() {
    String report = report(ModuleRules.onlyNodeCreatesRandomness(), fixture);
    assertThat(report)
        .contains(
            "SecureRandom.<init>()",
            "Random.<init>()",
            "ThreadLocalRandom.current()",
            "Math.random()",
            "UUID.randomUUID()")
        .doesNotContain("Random.<init>(long)");
  }

  @Test
  void theWiringRuleCatchesAModuleStartingAnother() {
    StringBuilder reports = new StringBuilder();
    for (ArchRule rule : ModuleRules.onlyNodeWires()) {
      reports.append(rule.evaluate(fixture).getFailureReport());
    }
    assertThat(reports.toString()).contains("Sessions.start(", "TransportLoops.create(");
  }

  private static String report(ArchRule rule, JavaClasses classes) {
    var result = rule.evaluate(classes);
    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    return result.getFailureReport().toString();
  }
}
