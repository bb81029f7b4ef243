package dev.conifer.transfer.store;

import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.GroupRanges;

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
