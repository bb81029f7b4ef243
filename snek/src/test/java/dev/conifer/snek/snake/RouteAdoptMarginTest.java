package dev.conifer.snek.snake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.SendResult;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.testing.NodeHarness;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SignedRootPayload;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.Watermark;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Why first packets were lost after convergence (docs/SIMULATOR.md, "Delivery after convergence"):
 * a bootstrap lays its path's entries from its origin outwards, so on the path the entry nearest
 * the origin is the oldest and expires first, and traffic goes the other way. In {@code ba:2000:3},
 * seed 1, node 572 took the route to 23 (bootstrap of 50.992 s, which the later bootstraps no
 * longer sent past 572) at 61.0 s, 10 ms before expiry, and the next node's entry had expired when
 * the probe got there: dropped, with no route or for its watermark. So a frame enters a path only
 * while it is {@link SnekConfig#ROUTE_ADOPT_MARGIN_NS} short of expiry, and a frame that already
 * follows it (its watermark names the origin) may use it to the end.
 */
class RouteAdoptMarginTest {
  private static final int ROOT_PORT = 1;
  private static final int PATH_PORT = 2;
  private static final int SOURCE = 0;
  private static final int SELF = 3;
  private static final int ORIGIN = 4;
  private static final int PEER_ON_PATH = 5;
  private static final int BETWEEN = 6;
  private static final int ROOT = 8;
  private static final long SEQ = 1_700_000_000_000L;

  private NodeHarness h;

  @BeforeEach
  void routeToOriginLaidNow() {
    h = new NodeHarness(10, SELF);
    h.portUp(ROOT_PORT, ROOT);
    h.portUp(PATH_PORT, PEER_ON_PATH);
    h.feed(ROOT_PORT, h.announcement(1, ROOT));
    h.drain();
    Root root = h.node().root();
    SignedRootPayload payload = SignedRootPayload.sign(SEQ, root, h.key(ORIGIN));
    FrameVerdict v =
        h.feed(PATH_PORT, new BootstrapFrame(origin(), Watermark.NONE, payload.toBytes()));
    assertThat(v).isEqualTo(FrameVerdict.FORWARDED);
    h.drain();
  }

  private PublicKey origin() {
    return h.key(ORIGIN).publicKey();
  }

  /** The port the node originates a first packet to the origin on. */
  private int firstPacketPort() {
    SendResult r = h.node().send(h.nowNs(), origin(), ByteBuffer.wrap(new byte[] {1}));
    assertThat(r).isEqualTo(SendResult.QUEUED);
    List<NodeHarness.Sent> sent = traffic(h.drain());
    assertThat(sent).hasSize(1);
    return sent.get(0).port();
  }

  /** The traffic among what the node sent (its own bootstraps may be due too). */
  private static List<NodeHarness.Sent> traffic(List<NodeHarness.Sent> sent) {
    return sent.stream().filter(s -> s.frame() instanceof TrafficFrame).toList();
  }

  /**
   * Feeds a frame from the root side whose watermark names {@code watermarkKey}; its traffic out.
   */
  private List<NodeHarness.Sent> frameFromTheRoot(int watermarkKey) {
    TrafficFrame f =
        new TrafficFrame(
            TrafficFrame.HOP_LIMIT_ORIGIN,
            Coordinates.ROOT,
            Coordinates.ROOT,
            origin(),
            h.key(SOURCE).publicKey(),
            new Watermark(h.key(watermarkKey).publicKey(), watermarkKey == ORIGIN ? SEQ : 0),
            new byte[] {2});
    h.feed(ROOT_PORT, f);
    return traffic(h.drain());
  }

  @Test
  void aFreshRouteTakesFirstPackets() {
    h.advance(SnekConfig.ROUTE_EXPIRY_NS - SnekConfig.ROUTE_ADOPT_MARGIN_NS - NodeHarness.SECOND);
    assertThat(firstPacketPort()).isEqualTo(PATH_PORT);
  }

  /**
   * A path whose last refresh ended elsewhere (snake paths change from cycle to cycle) is still the
   * only way to the keys it leads to until the next refresh, due two bootstrap intervals after the
   * one that laid it. At 9,204 nodes, with a 2 s margin (paths shunned from 8 s), node 3536 sent
   * first packets for keys only 5908's 9.1 s old path led to on to its peer 2126 instead, whose one
   * way on was that same path back through 3536: dropped, after convergence.
   */
  @Test
  void aPathOneRefreshMissedStillTakesFirstPacketsUntilTheNextRefreshIsDue() {
    h.advance(2 * SnekConfig.BOOTSTRAP_INTERVAL_NS - 100_000_000L);
    assertThat(firstPacketPort()).isEqualTo(PATH_PORT);
    assertThat(SnekConfig.ROUTE_EXPIRY_NS - SnekConfig.ROUTE_ADOPT_MARGIN_NS)
        .isGreaterThanOrEqualTo(2 * SnekConfig.BOOTSTRAP_INTERVAL_NS);
  }

  /**
   * A frame that took the route at the far end of a long path, at the adoption limit, still finds
   * it here, next to the origin, where it was laid first. Seen in {@code ba:10000:3}, seed 1:
   * 6326's bootstrap took 0.65 s to reach node 975, which sent a probe into the route 9.85 s later;
   * the probe was still on the path 121 hops and 0.42 s on, and with 11 s entries the route had
   * expired at this end before it arrived.
   */
  @Test
  void aFrameAdoptedAtTheLimitFarAlongALongPathReachesItsEnd() {
    long bootstrapTransitNs = 650_000_000L;
    long frameTransitNs = 600_000_000L;
    h.advance(
        bootstrapTransitNs
            + SnekConfig.ROUTE_EXPIRY_NS
            - SnekConfig.ROUTE_ADOPT_MARGIN_NS
            + frameTransitNs);
    List<NodeHarness.Sent> sent = frameFromTheRoot(ORIGIN);
    assertThat(sent).as("still on the route to the origin").hasSize(1);
    assertThat(sent.get(0).port()).isEqualTo(PATH_PORT);
  }

  @Test
  void aRouteCloseToExpiryTakesNoNewFrames() {
    h.advance(SnekConfig.ROUTE_EXPIRY_NS - SnekConfig.ROUTE_ADOPT_MARGIN_NS + 1);
    assertThat(firstPacketPort())
        .as("towards the root, not into the expiring path")
        .isEqualTo(ROOT_PORT);
  }

  @Test
  void aFrameAlreadyOnThePathFollowsItUntilExpiry() {
    h.advance(SnekConfig.ROUTE_EXPIRY_NS - 1);
    List<NodeHarness.Sent> sent = frameFromTheRoot(ORIGIN);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).port()).isEqualTo(PATH_PORT);
  }

  /**
   * A frame that committed to a key between the origin and the root (watermark {@code BETWEEN}) has
   * no other way on: leaving the old route out would drop it here, so the node takes it.
   */
  @Test
  void aRouteCloseToExpiryStillTakesAFrameWithNoOtherWayOn() {
    h.advance(SnekConfig.ROUTE_EXPIRY_NS - SnekConfig.ROUTE_ADOPT_MARGIN_NS + 1);
    List<NodeHarness.Sent> sent = frameFromTheRoot(BETWEEN);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).port()).isEqualTo(PATH_PORT);
  }
}
