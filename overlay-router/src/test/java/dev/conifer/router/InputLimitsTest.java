package dev.conifer.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.FrameType;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-peer limits on frames that carry no data, in virtual time. */
class InputLimitsTest {
  private static final long MS = 1_000_000L;
  private static final int KEEPALIVE = FrameType.KEEPALIVE.code();
  private static final int ANNOUNCEMENT = FrameType.TREE_ANNOUNCEMENT.code();
  private static final int BOOTSTRAP = FrameType.BOOTSTRAP.code();

  private static ByteBuffer frame(int seed, int length) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return ByteBuffer.wrap(bytes);
  }

  @Test
  void aRepeatedAnnouncementIsCutToTheBurstThenOnePerSpacing() {
    InputLimits limits = new InputLimits(0);
    ByteBuffer same = frame(1, 300);
    int dropped = 0;
    for (int i = 0; i < 1_000; i++) {
      if (limits.admit(MS, ANNOUNCEMENT, same) != null) {
        dropped++;
      }
    }
    // The first is new (not a repeat); then a burst of repeats passes.
    assertThat(dropped).isEqualTo(1_000 - 1 - InputLimits.BURST);
    assertThat(limits.admit(MS, ANNOUNCEMENT, same))
        .isEqualTo(DropReason.DUPLICATE_ANNOUNCEMENT_RATE_LIMITED);
    assertThat(limits.admit(MS + InputLimits.SPACING_NS * InputLimits.BURST, ANNOUNCEMENT, same))
        .isNull();
    assertThat(same.position()).isZero(); // the frame is only read
  }

  @Test
  void changedAnnouncementsAndBootstrapsAreNeverLimited() {
    InputLimits limits = new InputLimits(0);
    for (int i = 0; i < 10_000; i++) {
      assertThat(limits.admit(MS, ANNOUNCEMENT, frame(i, 200))).isNull();
      assertThat(limits.admit(MS, BOOTSTRAP, frame(-i - 1, 120))).isNull();
    }
  }

  @Test
  void repeatedBootstrapsHaveTheirOwnLimitAndReason() {
    InputLimits limits = new InputLimits(0);
    ByteBuffer same = frame(2, 120);
    DropReason last = null;
    for (int i = 0; i < 100; i++) {
      last = limits.admit(0, BOOTSTRAP, same);
    }
    assertThat(last).isEqualTo(DropReason.DUPLICATE_BOOTSTRAP_RATE_LIMITED);
    // Keepalives and announcements keep their own budgets.
    assertThat(limits.admit(0, KEEPALIVE, frame(3, 10))).isNull();
    assertThat(limits.admit(0, ANNOUNCEMENT, same)).isNull();
  }

  @Test
  void dropsAreReportedAtMostOncePerIntervalWithTheirCount() {
    InputLimits limits = new InputLimits(0);
    ByteBuffer keepalive = frame(4, 10);
    for (int i = 0; i < 100; i++) {
      limits.admit(0, KEEPALIVE, keepalive);
    }
    assertThat(limits.takeReport(0)).isEqualTo(100 - InputLimits.BURST);
    limits.admit(0, KEEPALIVE, keepalive);
    assertThat(limits.takeReport(MS)).isZero(); // within the interval: counted, not reported
    assertThat(limits.takeReport(InputLimits.REPORT_INTERVAL_NS)).isEqualTo(1);
    assertThat(limits.takeReport(3 * InputLimits.REPORT_INTERVAL_NS)).isZero(); // nothing new
  }

  @Test
  void aPeerWhoseFramesKeepBeingDroppedIsPausedOncePerPause() {
    InputLimits limits = new InputLimits(0);
    ByteBuffer keepalive = frame(5, 10);
    int pauses = 0;
    for (int i = 0; i < InputLimits.BURST + InputLimits.PAUSE_AFTER_DROPS - 1; i++) {
      limits.admit(0, KEEPALIVE, keepalive);
      pauses += limits.pauseDue(0) ? 1 : 0;
    }
    assertThat(pauses).as("the burst and fewer drops than the threshold pause nothing").isZero();
    limits.admit(0, KEEPALIVE, keepalive);
    assertThat(limits.pauseDue(0)).isTrue();
    for (int i = 0; i < 1_000; i++) {
      limits.admit(MS, KEEPALIVE, keepalive);
    }
    assertThat(limits.pauseDue(MS)).as("still paused: asked once per pause").isFalse();
    assertThat(limits.pauseDue(InputLimits.PAUSE_NS)).as("the flood went on: pause again").isTrue();
    assertThat(limits.pausesSinceReport()).isEqualTo(2);
    limits.takeReport(InputLimits.PAUSE_NS);
    assertThat(limits.pausesSinceReport()).isZero();
  }

  @Test
  void dataAndChangedAnnouncementsNeverPause() {
    InputLimits limits = new InputLimits(0);
    int traffic = FrameType.TRAFFIC.code();
    for (int i = 0; i < 10_000; i++) {
      assertThat(limits.admit(MS, traffic, frame(6, 100))).isNull();
      assertThat(limits.admit(MS, ANNOUNCEMENT, frame(i, 200))).isNull();
      assertThat(limits.pauseDue(MS)).isFalse();
    }
  }
}
