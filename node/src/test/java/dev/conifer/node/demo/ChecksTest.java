package dev.conifer.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo's verdict: what held, what failed, and what the user asked to skip, all printed. */
class ChecksTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final Checks checks =
      new Checks(
          new Narrator(new PrintStream(printed, true, StandardCharsets.UTF_8), Path.of("/tmp")));

  @Test
  void everyCheckHeldIsTheSuccessLine() {
    checks.check(true, "a", "");
    checks.check(true, "b", "");

    assertThat(checks.allHeld()).isTrue();
    assertThat(checks.result(1.25))
        .isEqualTo(
            "RESULT: the family's devices converged and every check held (2 checks held) in 1.3 s");
  }

  @Test
  void aSkippedCheckIsPrintedAndNamedButDoesNotFail() {
    checks.check(true, "a", "");
    checks.skip("a browser rendered the page", "at your request: --no-browser");

    assertThat(checks.allHeld()).isTrue();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("CHECK skipped: a browser rendered the page (at your request: --no-browser)");
    assertThat(checks.result(2))
        .isEqualTo(
            "   skipped: a browser rendered the page (at your request: --no-browser)\n"
                + "RESULT: the family's devices converged and every check that ran held"
                + " (1 checks held, 1 skipped at your request) in 2.0 s");
  }

  @Test
  void aFailedCheckFailsTheDemoAndIsNamed() {
    checks.check(true, "a", "");
    checks.check(false, "b", "evidence");
    checks.skip("c", "why");

    assertThat(checks.allHeld()).isFalse();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("CHECK FAILED: b (evidence)");
    assertThat(checks.result(3))
        .endsWith(
            "RESULT: FAILED (1 checks held, failed: b, 1 skipped" + " at your request) in 3.0 s");
  }
}
