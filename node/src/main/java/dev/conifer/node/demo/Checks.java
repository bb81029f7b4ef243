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

  boolean allHeld() {
    return failed.isEmpty();
  }

  int passed() {
    return passed;
  }

  List<String> failed() {
    return List.copyOf(failed);
  }
}
