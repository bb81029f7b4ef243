package dev.conifer.node.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one run of a sweep ended: its exit code and, when it worked, its summary line; when it did
 * not, a one-line reason (the last line of its stderr, or why it could not start).
 */
public record SweepOutcome(SweepRun run, int exitCode, JsonNode summary, String failure) {
  public boolean succeeded() {
    return exitCode == 0 && summary != null;
  }
}
