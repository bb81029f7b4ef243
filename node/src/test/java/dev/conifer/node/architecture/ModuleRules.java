package dev.conifer.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The rules docs/ARCHITECTURE.md states, as ArchUnit rules over every module's production classes.
 * They live in node's tests because node is the one module that depends on all the others.
 */
final class ModuleRules {
  /** Where the real clock, randomness and wiring are allowed: the composition root. */
  static final String NODE = "dev.conifer.node..";

  private ModuleRules() {}

  /** Every module's production classes (test classes and test jars excluded). */
  static JavaClasses production() {
    return new ClassFileImporter()
        .withImportOption(new ProductionOnly())
        .importPackages("dev.conifer");
  }

  /** Excludes test classes, whether from a test-classes directory or a {@code -tests.jar}. */
  static final class ProductionOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return new DoNotIncludeTests().includes(location)
          && !location.contains("-tests.jar")
          && !location.contains("/test-classes/");
    }
  }

  /** Reads of the real clock, calls and method references alike. */
  static final DescribedPredicate<JavaAccess<?>> READS_REAL_CLOCK =
      DescribedPredicate.describe(
          "reads the real clock",
          access -> {
            String owner = access.getTargetOwner().getFullName();
            String name = access.getName();
            return (owner.equals("java.lang.System")
                    && (name.equals("nanoTime") || name.equals("currentTimeMillis")))
                || (owner.startsWith("java.time.") && name.equals("now"))
                || (owner.equals("java.time.Clock") && name.startsWith("system"))
                || (owner.equals("java.time.InstantSource") && name.equals("system"))
                || (owner.equals("java.util.Date") && isNoArgConstructor(access));
          });

  /**
   * Creations of randomness: a {@code SecureRandom}, an unseeded {@code Random} or {@code
   * SplittableRandom}, {@code ThreadLocalRandom}, {@code Math.random}, {@code UUID.randomUUID}. A
   * {@code Random} built from a seed the caller passes in is deterministic input and allowed.
   */
  static final DescribedPredicate<JavaAccess<?>> CREATES_RANDOMNESS =
      DescribedPredicate.describe(
          "creates randomness",
          access -> {
            String owner = access.getTargetOwner().getFullName();
            String name = access.getName();
            return (owner.equals("java.security.SecureRandom")
                    && (name.equals("<init>") || name.startsWith("getInstance")))
                || ((owner.equals("java.util.Random") || owner.equals("java.util.SplittableRandom"))
                    && isNoArgConstructor(access))
                || owner.equals("java.util.concurrent.ThreadLocalRandom")
                || (owner.equals("java.lang.Math") && name.equals("random"))
                || (owner.equals("java.util.UUID") && name.equals("randomUUID"));
          });

  private static boolean isNoArgConstructor(JavaAccess<?> access) {
    return access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target
        && target.getName().equals("<init>")
        && target.getRawParameterTypes().isEmpty();
  }

  /** Only node reads the real clock; every other module takes time as input. */
  static ArchRule onlyNodeReadsTheClock() {
    return noClasses()
        .that()
        .resideOutsideOfPackages(NODE)
        .should()
        .accessTargetWhere(READS_REAL_CLOCK)
        .because(
            "time comes in as an argument, a NanoClock/EpochClock or a java.time.Clock that node"
                + " passes (docs/ARCHITECTURE.md, \"Enforced rules\")");
  }

  /** Only node creates randomness; every other module takes a seed or a random source. */
  static ArchRule onlyNodeCreatesRandomness() {
    return noClasses()
        .that()
        .resideOutsideOfPackages(NODE)
        .should()
        .accessTargetWhere(CREATES_RANDOMNESS)
        .because(
            "randomness comes in as a seed or a Random that node passes (docs/ARCHITECTURE.md,"
                + " \"Enforced rules\")");
  }

  /**
   * A component that binds to the network or the router, and the module whose package may call it
   * besides node: the calls that bring up a running node.
   */
  record EntryPoint(String ownerPackage, String owner, String name) {
    String describe() {
      return owner.substring(owner.lastIndexOf('.') + 1)
          + (name.equals("<init>") ? ".new" : "." + name);
    }
  }

  static final List<EntryPoint> WIRING =
      List.of(
          new EntryPoint("dev.conifer.router", "dev.conifer.router.Router", "start"),
          new EntryPoint("dev.conifer.transport", "dev.conifer.transport.TransportLoops", "create"),
          new EntryPoint("dev.conifer.transport", "dev.conifer.transport.Transports", "<init>"),
          new EntryPoint("dev.conifer.session", "dev.conifer.session.Sessions", "start"),
          new EntryPoint(
              "dev.conifer.transfer", "dev.conifer.transfer.wire.SessionBlobs", "<init>"),
          new EntryPoint(
              "dev.conifer.transfer", "dev.conifer.transfer.rendezvous.RendezvousService", "start"),
          new EntryPoint("dev.conifer.sync", "dev.conifer.sync.link.SessionSyncService", "<init>"));

  /**
   * No module but node wires things together: outside node, nothing calls another module's entry
   * points ({@link #WIRING}); a module receives a running router, sessions or services as arguments
   * instead.
   */
  static List<ArchRule> onlyNodeWires() {
    return WIRING.stream()
        .map(
            entry ->
                (ArchRule)
                    noClasses()
                        .that()
                        .resideOutsideOfPackages(NODE, entry.ownerPackage() + "..")
                        .should()
                        .accessTargetWhere(
                            DescribedPredicate.describe(
                                "calls " + entry.describe(),
                                (JavaAccess<?> access) ->
                                    access.getTargetOwner().getFullName().equals(entry.owner())
                                        && access.getName().equals(entry.name())))
                        .because(
                            "only node wires modules together (docs/ARCHITECTURE.md, \"Enforced"
                                + " rules\")"))
        .toList();
  }
}
