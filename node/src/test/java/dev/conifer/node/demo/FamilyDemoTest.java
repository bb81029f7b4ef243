package dev.conifer.node.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conifer.sync.entry.MergeableDocuments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FamilyDemoTest {
  @TempDir Path dir;

  @Test
  void demoConvergesAndExplainsItsDecisions() {
    assumeTrue(
        MergeableDocuments.unavailableReason() == null,
        () -> "Automerge unavailable: " + MergeableDocuments.unavailableReason());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = FamilyDemo.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8), 1);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isZero();
    assertThat(out)
        .contains("RESULT: home and both laptops converged")
        .contains("because newer timestamp")
        .contains("level=intermediate, noteFromB=Add worm castings")
        .doesNotContain("FAILED");
  }
}
