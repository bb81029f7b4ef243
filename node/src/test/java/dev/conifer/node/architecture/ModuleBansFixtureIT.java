package dev.conifer.node.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Proves that each module's {@code bannedDependencies} rule catches a violation: for every module a
 * fixture project is made from the module's own pom (its rules exactly as written, only renamed)
 * plus one compile dependency its row in docs/ARCHITECTURE.md bans. One Maven run validates the
 * fixtures together with the real modules (the reactor resolves them, so nothing is installed);
 * every fixture must fail on its module's enforcer rule naming the banned artifact, and no real
 * module may fail. Not offline: in a fresh clone bench's libraries may not be downloaded yet when
 * node's tests run. bench is not covered: the one library it bans (jqwik) is never downloaded, so a
 * fixture could not resolve it offline.
 */
class ModuleBansFixtureIT {
  /**
   * A banned dependency (group:artifact:version) per module, taken from the module's row of the
   * table.
   */
  private static final Map<String, String> VIOLATION = new LinkedHashMap<>();

  static {
    VIOLATION.put("snek", "org.slf4j:slf4j-api:${slf4j.version}");
    VIOLATION.put("overlay-router", "dev.conifer:transports:${project.version}");
    VIOLATION.put("transports", "dev.conifer:session:${project.version}");
    VIOLATION.put("session", "dev.conifer:content-transfer:${project.version}");
    VIOLATION.put("content-transfer", "dev.conifer:sync:${project.version}");
    VIOLATION.put("sync", "dev.conifer:simulator:${project.version}");
    VIOLATION.put("simulator", "dev.conifer:transports:${project.version}");
    VIOLATION.put("conformance", "dev.conifer:session:${project.version}");
    VIOLATION.put("node", "dev.conifer:bench:${project.version}");
  }

  private static final List<String> REAL_MODULES =
      List.of(
          "snek",
          "simulator",
          "overlay-router",
          "transports",
          "session",
          "content-transfer",
          "sync",
          "node",
          "conformance",
          "bench");

  @Test
  void everyModuleRuleRefusesABannedDependency() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("pom.xml")).exists();
    Path work = Files.createDirectories(Path.of("target", "module-bans").toAbsolutePath());
    List<String> modules = new ArrayList<>();
    for (String real : REAL_MODULES) {
      modules.add(work.relativize(root.resolve(real)).toString());
    }
    for (Map.Entry<String, String> e : VIOLATION.entrySet()) {
      Path dir = Files.createDirectories(work.resolve(e.getKey() + "-ban-fixture"));
      writeFixture(root, e.getKey(), e.getValue(), dir);
      modules.add(dir.getFileName().toString());
    }
    writeAggregator(work.resolve("pom.xml"), modules);

    Process mvn =
        new ProcessBuilder("mvn", "-B", "-ntp", "-fae", "validate", "-f", "pom.xml")
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    byte[] out = mvn.getInputStream().readAllBytes();
    assertThat(mvn.waitFor(5, TimeUnit.MINUTES)).as("mvn validate finished").isTrue();
    String log = new String(out, StandardCharsets.UTF_8);
    Files.writeString(work.resolve("mvn.log"), log);

    assertThat(mvn.exitValue()).as("the fixtures must fail the build:%n%s", log).isNotZero();
    for (Map.Entry<String, String> e : VIOLATION.entrySet()) {
      String fixture = e.getKey() + "-ban-fixture";
      assertThat(log)
          .as("%s's rule refuses %s (see %s)", e.getKey(), e.getValue(), work.resolve("mvn.log"))
          .containsPattern(
              java.util.regex.Pattern.quote("dev.conifer:" + fixture + ":jar")
                  + "[^\\n]*\\n[^\\n]*"
                  + java.util.regex.Pattern.quote(groupArtifact(e.getValue()) + ":jar")
                  + "[^\\n]*<--- banned")
          .contains("on project " + fixture + ":");
    }
    for (String real : REAL_MODULES) {
      assertThat(log).as("real module %s passes", real).doesNotContain("on project " + real + ":");
    }
  }

  /**
   * The module's pom, renamed, with its parent found from the fixture and one banned dependency.
   */
  private static void writeFixture(Path root, String module, String banned, Path dir)
      throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document pom =
        factory.newDocumentBuilder().parse(root.resolve(module).resolve("pom.xml").toFile());
    Element project = pom.getDocumentElement();
    child(project, "artifactId").setTextContent(module + "-ban-fixture");
    Element parent = child(project, "parent");
    Element relative = child(parent, "relativePath");
    if (relative == null) {
      relative = pom.createElementNS(project.getNamespaceURI(), "relativePath");
      parent.appendChild(relative);
    }
    relative.setTextContent(dir.relativize(root.resolve("pom.xml")).toString());
    Element dependencies = child(project, "dependencies");
    if (dependencies == null) {
      dependencies = pom.createElementNS(project.getNamespaceURI(), "dependencies");
      project.appendChild(dependencies);
    }
    String[] gav = banned.split(":");
    Element dependency = pom.createElementNS(project.getNamespaceURI(), "dependency");
    dependency.appendChild(text(pom, project, "groupId", gav[0]));
    dependency.appendChild(text(pom, project, "artifactId", gav[1]));
    dependency.appendChild(text(pom, project, "version", gav[2]));
    dependencies.appendChild(dependency);
    write(pom, dir.resolve("pom.xml"));
  }

  private static String groupArtifact(String gav) {
    return gav.substring(0, gav.lastIndexOf(':'));
  }

  private static void writeAggregator(Path file, List<String> modules) throws IOException {
    StringBuilder xml = new StringBuilder();
    xml.append("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n")
        .append("  <modelVersion>4.0.0</modelVersion>\n")
        .append("  <groupId>dev.conifer</groupId>\n")
        .append("  <artifactId>module-bans-fixtures</artifactId>\n")
        .append("  <version>0</version>\n")
        .append("  <packaging>pom</packaging>\n")
        .append("  <modules>\n");
    for (String m : modules) {
      xml.append("    <module>").append(m).append("</module>\n");
    }
    xml.append("  </modules>\n</project>\n");
    Files.writeString(file, xml);
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static Element text(Document pom, Element project, String name, String value) {
    Element e = pom.createElementNS(project.getNamespaceURI(), name);
    e.setTextContent(value);
    return e;
  }

  private static void write(Document pom, Path file) throws Exception {
    var transformer = TransformerFactory.newInstance().newTransformer();
    transformer.setOutputProperty(OutputKeys.INDENT, "yes");
    transformer.transform(new DOMSource(pom), new StreamResult(file.toFile()));
  }
}
