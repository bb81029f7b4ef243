package dev.conifer.router;

import dev.conifer.snek.wire.FrameType;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One peer's limits on frames that carry no data: keepalives, and a tree announcement or bootstrap
 * that repeats the previous one of its type (same length and CRC-32C). Each kind gets a burst of
 * {@link #BURST}, then one per {@link #SPACING_NS}; an honest peer sends a keepalive after 3 s
 * without writing and new announcements rarely, so only a flood bites. The rest are dropped before
 * the SNEK core (so they cost no signature check) and counted; a dropped frame still shows the peer
 * is alive.
 *
 * <p>A peer whose frames keep being dropped ({@link #PAUSE_AFTER_DROPS} since its last pause) has
 * its link's reads paused for {@link #PAUSE_NS} ({@link #pauseDue}): TCP then slows the sender,
 * instead of the relay reading and dropping millions of frames a second. Data frames never count
 * towards it. Router thread only.
 */
final class InputLimits {
  static final int BURST = 16;
  static final long SPACING_NS = 100_000_000L;

  /** Drops since the last pause that pause the link's reads again. */
  static final int PAUSE_AFTER_DROPS = BURST;

  /** How long a pause lasts: one frame's spacing, so each pause lets the next frame be taken. */
  static final long PAUSE_NS = SPACING_NS;

  /** At most one report of drops per peer this often (a log line, not one per frame). */
  static final long REPORT_INTERVAL_NS = 10_000_000_000L;

  private static final int KEEPALIVE = FrameType.KEEPALIVE.code();
  private static final int ANNOUNCEMENT = FrameType.TREE_ANNOUNCEMENT.code();
  private static final int BOOTSTRAP = FrameType.BOOTSTRAP.code();

  private final Bucket keepalives;
  private final Bucket announcements;
  private final Bucket bootstraps;
  private final LastFrame lastAnnouncement = new LastFrame();
  private final LastFrame lastBootstrap = new LastFrame();

  private long droppedSinceReport;
  private long pausesSinceReport;
  private int droppedSincePause;
  private long pauseEndsNs;
  private long reportDueNs;

  InputLimits(long nowNs) {
    keepalives = new Bucket(nowNs);
    announcements = new Bucket(nowNs);
    bootstraps = new Bucket(nowNs);
    reportDueNs = nowNs;
  }

  /** Null if the frame of {@code type} (not traffic) may go on, else why it is dropped. */
  DropReason admit(long nowNs, int type, ByteBuffer frame) {
    DropReason reason = null;
    if (type == KEEPALIVE) {
      reason = keepalives.take(nowNs) ? null : DropReason.KEEPALIVE_RATE_LIMITED;
    } else if (type == ANNOUNCEMENT) {
      reason =
          !lastAnnouncement.repeats(frame) || announcements.take(nowNs)
              ? null
              : DropReason.DUPLICATE_ANNOUNCEMENT_RATE_LIMITED;
    } else if (type == BOOTSTRAP) {
      reason =
          !lastBootstrap.repeats(frame) || bootstraps.take(nowNs)
              ? null
              : DropReason.DUPLICATE_BOOTSTRAP_RATE_LIMITED;
    }
    if (reason != null) {
      droppedSinceReport++;
      droppedSincePause++;
    }
    return reason;
  }

  /**
   * After a drop: true if the link's reads should pause now for {@link #PAUSE_NS} (then counted as
   * one pause), false while a pause is under way or too few frames were dropped since the last.
   */
  boolean pauseDue(long nowNs) {
    if (droppedSincePause < PAUSE_AFTER_DROPS || nowNs - pauseEndsNs < 0) {
      return false;
    }
    droppedSincePause = 0;
    pauseEndsNs = nowNs + PAUSE_NS;
    pausesSinceReport++;
    return true;
  }

  /** The pauses asked for since the last report that returned drops (read it before that). */
  long pausesSinceReport() {
    return pausesSinceReport;
  }

  /**
   * The drops since the last report if one is due now (then starts a new interval), else 0; the
   * caller tells listeners, which log it.
   */
  long takeReport(long nowNs) {
    if (droppedSinceReport == 0 || nowNs < reportDueNs) {
      return 0;
    }
    long dropped = droppedSinceReport;
    droppedSinceReport = 0;
    pausesSinceReport = 0;
    reportDueNs = nowNs + REPORT_INTERVAL_NS;
    return dropped;
  }

  /** A burst, then one per spacing: the time the next frame would be on schedule. */
  private static final class Bucket {
    private long inScheduleNs;

    Bucket(long nowNs) {
      inScheduleNs = nowNs;
    }

    boolean take(long nowNs) {
      long due = Math.max(inScheduleNs, nowNs);
      if (due - nowNs > (BURST - 1) * SPACING_NS) {
        return false;
      }
      inScheduleNs = due + SPACING_NS;
      return true;
    }
  }

  /**
   * The previous frame of one type, to spot one sent again unchanged: its length and CRC-32C, not
   * its bytes. Keeping the bytes cost a buffer per peer and type (up to 4 KiB; 43 MiB of the
   * simulator's live heap at 9,204 nodes) and a compare and copy into it for every announcement and
   * bootstrap; the checksum reads only the frame in hand. A changed frame taken for a repeat (one
   * in 2^32) only spends one of the repeat budget's frames, which an honest peer does not use up.
   */
  private static final class LastFrame {
    private final CRC32C crc = new CRC32C();
    private int length = -1;
    private int checksum;

    /** True if {@code frame} matches the previous one; either way it becomes the previous one. */
    boolean repeats(ByteBuffer frame) {
      int position = frame.position();
      crc.reset();
      crc.update(frame);
      frame.position(position);
      int sum = (int) crc.getValue();
      boolean same = length == frame.remaining() && checksum == sum;
      length = frame.remaining();
      checksum = sum;
      return same;
    }
  }
}
