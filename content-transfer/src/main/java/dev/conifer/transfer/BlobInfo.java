package dev.conifer.transfer;

/** Index entry of one stored blob. */
public record BlobInfo(
    BlobHash hash, long size, State state, GroupRanges present, long lastAccessEpochMs) {
  public enum State {
    PARTIAL,
    COMPLETE
  }

  public boolean complete() {
    return state == State.COMPLETE;
  }
}
