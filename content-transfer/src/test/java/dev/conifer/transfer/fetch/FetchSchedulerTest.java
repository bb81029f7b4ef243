package dev.conifer.transfer.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.GroupRanges;
import org.junit.jupiter.api.Test;

class FetchSchedulerTest {
  static final PublicKey A = FakeHolders.key(1);
  static final PublicKey B = FakeHolders.key(2);

  @Test
  void holdersPullDisjointUnitsUpToThePipelineDepth() {
    FetchScheduler s = new FetchScheduler(10, GroupRanges.of(9, 10), 3, 3, 2);
    assertThat(s.nextUnit(A, 0)).isEqualTo(GroupRanges.of(0, 3));
    assertThat(s.nextUnit(B, 0)).isEqualTo(GroupRanges.of(3, 6));
    assertThat(s.nextUnit(A, 0)).isEqualTo(GroupRanges.of(6, 9));
    assertThat(s.nextUnit(A, 0).isEmpty()).as("depth 2 reached").isTrue();
  }

  @Test
  void idleHolderStealsTheOldestUnitOfASlowOne() {
    FetchScheduler s = new FetchScheduler(4, GroupRanges.EMPTY, 2, 3, 1);
    assertThat(s.nextUnit(A, 100)).isEqualTo(GroupRanges.of(0, 2));
    assertThat(s.nextUnit(B, 200)).isEqualTo(GroupRanges.of(2, 4));
    for (long g = 2; g < 4; g++) {
      s.handleGroupStored(g);
    }
    s.handleUnitEnded(B, GroupRanges.of(2, 4));
    s.handleGroupStored(0);
    // A is slow: B duplicates what A still misses.
    assertThat(s.nextUnit(B, 300)).isEqualTo(GroupRanges.of(1, 2));
    assertThat(s.stealCount()).isEqualTo(1);
    s.handleGroupStored(1);
    assertThat(s.isComplete()).isTrue();
  }

  @Test
  void liarIsBannedAndFailuresDropAHolderAfterTheLimit() {
    FetchScheduler s = new FetchScheduler(4, GroupRanges.EMPTY, 2, 2, 1);
    s.nextUnit(A, 0);
    s.handleVerificationFailure(A);
    assertThat(s.usable(A)).isFalse();
    assertThat(s.nextUnit(A, 0).isEmpty()).isTrue();
    assertThat(s.nextUnit(B, 0)).as("A's unit is free again").isEqualTo(GroupRanges.of(0, 2));
    s.handleTransportFailure(B);
    assertThat(s.usable(B)).isTrue();
    s.nextUnit(B, 0);
    s.handleTransportFailure(B);
    assertThat(s.usable(B)).isFalse();
    assertThat(s.banned()).containsExactly(A);
  }

  @Test
  void aReceivedUnitFreesItsDepthSlotButIsNeitherReassignedNorStolen() {
    FetchScheduler s = new FetchScheduler(6, GroupRanges.EMPTY, 2, 3, 1);
    assertThat(s.nextUnit(A, 0)).isEqualTo(GroupRanges.of(0, 2));
    assertThat(s.nextUnit(A, 0).isEmpty()).as("depth 1 reached").isTrue();
    s.handleUnitReceived(A, GroupRanges.of(0, 2)); // read, groups still being checked
    assertThat(s.nextUnit(A, 0)).as("A may ask for more").isEqualTo(GroupRanges.of(2, 4));
    assertThat(s.nextUnit(B, 0)).as("not A's landing unit").isEqualTo(GroupRanges.of(4, 6));
    for (long g = 4; g < 6; g++) {
      s.handleGroupStored(g);
    }
    s.handleUnitEnded(B, GroupRanges.of(4, 6));
    assertThat(s.nextUnit(B, 0))
        .as("B steals A's unit in flight, never the one landing")
        .isEqualTo(GroupRanges.of(2, 4));
    s.handleUnitEnded(A, GroupRanges.of(0, 2)); // stored nothing: it is free again
    s.handleUnitEnded(B, GroupRanges.of(2, 4));
    assertThat(s.nextUnit(B, 0)).isEqualTo(GroupRanges.of(0, 2));
  }
}
