package dev.conifer.transport.multicast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.multicast.DialPolicy.Decision;
import dev.conifer.transport.testing.TestKeys;
import org.junit.jupiter.api.Test;

class DialPolicyTest {
  private static final long S = 1_000_000_000L;
  private static final PublicKey ME = TestKeys.A.publicKey();
  private static final PublicKey PEER = TestKeys.B.publicKey();
  private static final String TARGET = "192.0.2.2:4000%veth0";

  private final DialPolicy policy = new DialPolicy(ME, 5 * S, 60 * S, 2);

  @Test
  void ignoresOurOwnBeacon() {
    assertThat(policy.handleBeacon(0, ME, "veth0", TARGET)).isEqualTo(Decision.OWN_KEY);
  }

  @Test
  void dialsOnceWhileADialToTheTargetIsRunning() {
    assertThat(policy.handleBeacon(0, PEER, "veth0", TARGET)).isEqualTo(Decision.DIAL);
    assertThat(policy.handleBeacon(2 * S, PEER, "veth0", TARGET)).isEqualTo(Decision.DIALING);
    assertThat(policy.pendingDialCount()).isEqualTo(1);
  }

  @Test
  void skipsAKeyAlreadyPeeredInThatZoneButNotInAnother() {
    policy.peerUp(PEER, "veth0");
    assertThat(policy.handleBeacon(0, PEER, "veth0", TARGET)).isEqualTo(Decision.CONNECTED);
    assertThat(policy.handleBeacon(0, PEER, "wlan0", "192.0.2.2:4000%wlan0"))
        .isEqualTo(Decision.DIAL);
    policy.peerDown(PEER, "veth0");
    assertThat(policy.handleBeacon(0, PEER, "veth0", TARGET)).isEqualTo(Decision.DIAL);
  }

  @Test
  void countsParallelPeeringsToTheSameKey() {
    policy.peerUp(PEER, "veth0");
    policy.peerUp(PEER, "veth0"); // inbound and outbound: Go has no tie-break either
    policy.peerDown(PEER, "veth0");
    assertThat(policy.handleBeacon(0, PEER, "veth0", TARGET)).isEqualTo(Decision.CONNECTED);
  }

  @Test
  void backsOffAFailingTargetDoublingUpToTheCap() {
    long now = 0;
    long expectedDelay = 5 * S;
    for (int attempt = 0; attempt < 6; attempt++) {
      assertThat(policy.handleBeacon(now, PEER, "veth0", TARGET)).isEqualTo(Decision.DIAL);
      policy.dialEnded(now, TARGET, false);
      assertThat(policy.handleBeacon(now + expectedDelay - 1, PEER, "veth0", TARGET))
          .isEqualTo(Decision.BACKING_OFF);
      now += expectedDelay;
      expectedDelay = Math.min(60 * S, expectedDelay * 2);
    }
    assertThat(policy.handleBeacon(now, PEER, "veth0", TARGET)).isEqualTo(Decision.DIAL);
    policy.dialEnded(now, TARGET, true);
    assertThat(policy.handleBeacon(now, PEER, "veth0", TARGET)).isEqualTo(Decision.DIAL);
  }

  @Test
  void limitsDialsInFlight() {
    PublicKey other = TestKeys.C.publicKey();
    assertThat(policy.handleBeacon(0, PEER, "a", "t1")).isEqualTo(Decision.DIAL);
    assertThat(policy.handleBeacon(0, other, "a", "t2")).isEqualTo(Decision.DIAL);
    assertThat(policy.handleBeacon(0, TestKeys.signer(9).publicKey(), "a", "t3"))
        .isEqualTo(Decision.TOO_MANY_DIALS);
    policy.dialEnded(0, "t1", true);
    assertThat(policy.handleBeacon(0, TestKeys.signer(9).publicKey(), "a", "t3"))
        .isEqualTo(Decision.DIAL);
  }

  @Test
  void forgetsOldFailures() {
    policy.handleBeacon(0, PEER, "veth0", TARGET);
    policy.dialEnded(0, TARGET, false);
    policy.expire(200 * S);
    assertThat(policy.handleBeacon(200 * S, PEER, "veth0", TARGET)).isEqualTo(Decision.DIAL);
  }
}
