package dev.conifer.conformance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inside snek, the tree, the snake, broadcasts and forwarding each see only the narrow links they
 * are given: no part reaches the node ({@code SnekNode}) or another part's component. Only the
 * {@code dev.conifer.snek} package wires them together. Data types (routing table, announcements,
 * the peer table) may be shared.
 */
class SnekPartsArchitectureTest {
  private static final String SNEK = "dev.conifer.snek";
  private static final String FIXTURE = "dev.conifer.conformance.archfixture";

  /** Each component, in the package it lives in. */
  private static final List<String> COMPONENTS =
      List.of(
          SNEK + ".SnekNode",
          SNEK + ".tree.Tree",
          SNEK + ".snake.Snake",
          SNEK + ".broadcast.Broadcasts",
          SNEK + ".forward.Forwarder");

  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(new SnekArchitectureTest.ProductionOnly())
            .importPackages(SNEK);
  }

  /** Classes in {@code parts} outside the component's own package do not use the component. */
  static ArchRule onlyTheNodeUses(String component, String parts) {
    String own = component.substring(0, component.lastIndexOf('.'));
    return noClasses()
        .that()
        .resideInAPackage(parts)
        .and()
        .resideOutsideOfPackage(own)
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(component)
        .because("parts of the node get narrow links, not the node or each other (snek)");
  }

  @Test
  void importsEveryPart() {
    // Guards against a vacuous pass if a component moves.
    for (String component : COMPONENTS) {
      assertThat(core.contain(component)).as(component).isTrue();
    }
  }

  @Test
  void partsSeeNeitherTheNodeNorEachOther() {
    for (String component : COMPONENTS) {
      onlyTheNodeUses(component, SNEK + ".*..").check(core);
    }
  }

  @Test
  void ruleCatchesAPartThatReachesTheNode() {
    JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
    for (String component : List.of(SNEK + ".SnekNode", SNEK + ".tree.Tree")) {
      ArchRule rule = onlyTheNodeUses(component, FIXTURE + "..");
      assertThat(rule.evaluate(fixture).hasViolation()).as(component).isTrue();
      assertThat(rule.evaluate(fixture).getFailureReport().toString()).contains("BadPart");
    }
  }
}
