package dev.conifer.snek.forward;

import static dev.conifer.snek.FrameVerdict.DROPPED_HOP_LIMIT;
import static dev.conifer.snek.FrameVerdict.DROPPED_MISDELIVERED;
import static dev.conifer.snek.FrameVerdict.DROPPED_NO_ROUTE;
import static dev.conifer.snek.FrameVerdict.DROPPED_TOO_LARGE;
import static dev.conifer.snek.FrameVerdict.DROPPED_WATERMARK;
import static dev.conifer.snek.FrameVerdict.FORWARDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.route.Hop;
import dev.conifer.snek.wire.FrameHeader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each drop reason of §8.4 (and §8.5), alone and against the others in Go's order. */
class DropChecksTest {
  private static final int FROM = 1;
  private static final int NEXT = 2;
  private static final int LOCAL = Hop.LOCAL;
  private static final int NONE = Hop.NONE;
  private static final int FITS = FrameHeader.FRAME_LENGTH_MAX;
  private static final int TOO_LONG = FrameHeader.FRAME_LENGTH_MAX + 1;

  static Stream<Arguments> table() {
    return Stream.of(
        // name, fromPort, nextPort, hopLimit, hopLimiting, watermarkWorse, length, verdict
        row("a clean hop forwards", FROM, NEXT, 10, true, false, FITS, FORWARDED),
        row("hop limit 2 still forwards", FROM, NEXT, 2, true, false, FITS, FORWARDED),
        row("hop limit 1 drops", FROM, NEXT, 1, true, false, FITS, DROPPED_HOP_LIMIT),
        row("hop limit 0 drops", FROM, NEXT, 0, true, false, FITS, DROPPED_HOP_LIMIT),
        row("no limiting ignores hop limit 0", FROM, NEXT, 0, false, false, FITS, FORWARDED),
        row("no next hop", FROM, NONE, 10, true, false, FITS, DROPPED_NO_ROUTE),
        row(
            "straight back where it came from",
            FROM,
            FROM,
            10,
            true,
            false,
            FITS,
            DROPPED_NO_ROUTE),
        row("local origin to local hop", LOCAL, LOCAL, 10, true, false, FITS, DROPPED_NO_ROUTE),
        row("worse watermark", FROM, NEXT, 10, true, true, FITS, DROPPED_WATERMARK),
        row(
            "a peer's frame ends here, not ours",
            FROM,
            LOCAL,
            10,
            true,
            false,
            FITS,
            DROPPED_MISDELIVERED),
        row("too large once rewritten", FROM, NEXT, 10, true, false, TOO_LONG, DROPPED_TOO_LARGE),
        // Order: each reason wins over every later one.
        row("hop limit before no route", FROM, NONE, 1, true, true, TOO_LONG, DROPPED_HOP_LIMIT),
        row("no route before watermark", FROM, FROM, 10, true, true, TOO_LONG, DROPPED_NO_ROUTE),
        row("watermark before misdelivered", FROM, LOCAL, 10, true, true, FITS, DROPPED_WATERMARK),
        row("watermark before too large", FROM, NEXT, 10, true, true, TOO_LONG, DROPPED_WATERMARK),
        row(
            "misdelivered before too large",
            FROM,
            LOCAL,
            10,
            true,
            false,
            TOO_LONG,
            DROPPED_MISDELIVERED));
  }

  private static Arguments row(
      String name,
      int fromPort,
      int nextPort,
      int hopLimit,
      boolean hopLimiting,
      boolean watermarkWorse,
      int length,
      FrameVerdict expected) {
    return Arguments.of(
        name, fromPort, nextPort, hopLimit, hopLimiting, watermarkWorse, length, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void verdictFollowsTheTable(
      String name,
      int fromPort,
      int nextPort,
      int hopLimit,
      boolean hopLimiting,
      boolean watermarkWorse,
      int length,
      FrameVerdict expected) {
    assertThat(
            DropChecks.verdict(fromPort, nextPort, hopLimit, hopLimiting, watermarkWorse, length))
        .as(name)
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "limiting {1}: {0} goes on as {2}")
  @MethodSource("hopLimits")
  void onwardHopLimitDecrementsOnlyWhenLimiting(int hopLimit, boolean limiting, int onward) {
    assertThat(DropChecks.onwardHopLimit(hopLimit, limiting)).isEqualTo(onward);
  }

  static Stream<Arguments> hopLimits() {
    return Stream.of(
        Arguments.of(10, true, 9),
        Arguments.of(2, true, 1),
        Arguments.of(10, false, 10),
        Arguments.of(0, false, 0));
  }
}
