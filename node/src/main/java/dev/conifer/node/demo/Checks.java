package dev.conifer.node.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's assertions: each is printed as it is decided ({@code CHECK ok} or {@code CHECK FAILED}
 * with the evidence), and the demo exits 0 only if every one held.
 */
final class Checks {
  private final Narrator narrator;
  private final List<String> failed = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();
  private int passed;

  Checks(Narrator narrator) {
    this.narrator = narrator;
  }

  /** Records {@code what}; {@code evidence} is printed when it failed. */
  boolean check(boolean held, String what, String evidence) {
    if (held) {
      passed++;
      narrator.out().println("   CHECK ok: " + what);
    } else {
      failed.add(what);
      narrator
          .out()
          .println("   CHECK FAILED: " + what + (evidence.isEmpty() ? "" : " (" + evidence + ")"));
    }
    return held;
  }

  /** A step that could not run at all counts as a failed check. */
  void failStep(String what, String reason) {
    check(false, what, reason);
  }

  /** A check the user asked to skip: printed, neither held nor failed, named in the result. */
  void skip(String what, String why) {
    skipped.add(what + " (" + why + ")");
    narrator.out().println("   CHECK skipped: " + what + " (" + why + ")");
  }

  /**
   * The closing lines: each skipped check by name, then {@code RESULT:}. A skipped check (only ever
   * at the user's request) does not fail the demo, but the result says that not all ran.
   */
  String result(double seconds) {
    StringBuilder s = new StringBuilder();
    for (String what : skipped) {
      s.append("   skipped: ").append(what).append('\n');
    }
    String verdict =
        !allHeld()
            ? "FAILED"
            : skipped.isEmpty()
                ? "the family's devices converged and every check held"
                : "the family's devices converged and every check that ran held";
    s.append(String.format("RESULT: %s (%d checks held", verdict, passed));
    if (!failed.isEmpty()) {
      s.append(", failed: ").append(String.join("; ", failed));
    }
    if (!skipped.isEmpty()) {
      s.append(", ").append(skipped.size()).append(" skipped at your request");
    }
    return s.append(String.format(") in %.1f s", seconds)).toString();
  }

  boolean allHeld() {
    return failed.isEmpty();
  }

  int passed() {
    return passed;
  }

  List<String> failed() {
    return List.copyOf(failed);
  }

  List<String> skipped() {
    return List.copyOf(skipped);
  }
}
