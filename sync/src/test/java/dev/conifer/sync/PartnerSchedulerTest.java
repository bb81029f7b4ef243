package dev.conifer.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.wire.PublicKey;
import org.junit.jupiter.api.Test;

class PartnerSchedulerTest {
  private static final long S = 1_000_000_000L;
  private final PublicKey family = PublicKey.ofWords(1, 0, 0, 0);
  private final PublicKey stranger = PublicKey.ofWords(2, 0, 0, 0);
  private final PartnerScheduler scheduler = new PartnerScheduler(S, 60 * S, 600 * S);

  @Test
  void partnerComingUpIsDueImmediatelyAndStrangersNever() {
    scheduler.addPartner(family);
    assertThat(scheduler.pollDeadlineNs()).isEqualTo(PartnerScheduler.NO_DEADLINE);
    scheduler.handlePeerUp(5 * S, stranger);
    scheduler.handlePeerUp(5 * S, family);
    assertThat(scheduler.pollDeadlineNs()).isEqualTo(5 * S);
    assertThat(scheduler.pollDue(5 * S)).isEqualTo(family);
    assertThat(scheduler.pollDue(5 * S)).as("in flight").isNull();
  }

  @Test
  void failuresBackOffExponentiallyUpToTheCap() {
    scheduler.addPartner(family);
    scheduler.handlePeerUp(0, family);
    long now = 0;
    long[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
    for (long delaySeconds : expected) {
      assertThat(scheduler.pollDue(now)).isEqualTo(family);
      scheduler.handleSyncResult(now, family, false);
      assertThat(scheduler.pollDeadlineNs() - now).isEqualTo(delaySeconds * S);
      assertThat(scheduler.pollDue(now + delaySeconds * S - 1)).isNull();
      now += delaySeconds * S;
    }
    assertThat(scheduler.pollDue(now)).isEqualTo(family);
    scheduler.handleSyncResult(now, family, true);
    assertThat(scheduler.failures(family)).isZero();
    assertThat(scheduler.pollDeadlineNs()).isEqualTo(now + 600 * S);
  }

  @Test
  void reconnectResetsBackoffAndTriggersSync() {
    scheduler.addPartner(family);
    scheduler.handlePeerUp(0, family);
    scheduler.pollDue(0);
    scheduler.handleSyncResult(0, family, false);
    scheduler.handlePeerDown(S / 2, family);
    assertThat(scheduler.pollDeadlineNs()).isEqualTo(PartnerScheduler.NO_DEADLINE);
    scheduler.handlePeerUp(3 * 86_400 * S, family);
    assertThat(scheduler.pollDue(3 * 86_400 * S)).isEqualTo(family);
  }

  @Test
  void aLocalWriteMakesUpPartnersDueAtOnceAndOneInFlightSyncsAgain() {
    PublicKey other = PublicKey.ofWords(3, 0, 0, 0);
    scheduler.addPartner(family);
    scheduler.addPartner(other);
    scheduler.handlePeerUp(0, family);
    scheduler.handlePeerUp(0, other);
    PublicKey first = scheduler.pollDue(0);
    PublicKey second = scheduler.pollDue(0);
    scheduler.handleSyncResult(S, second, true); // next resync in 10 min
    assertThat(scheduler.pollDeadlineNs()).isEqualTo(601 * S);

    scheduler.handleLocalWrite(2 * S);

    assertThat(scheduler.pollDue(2 * S)).as("the idle partner pushes now").isEqualTo(second);
    assertThat(scheduler.pollDue(2 * S)).as("the other is still in flight").isNull();
    scheduler.handleSyncResult(3 * S, first, true);
    assertThat(scheduler.pollDue(3 * S))
        .as("in flight during the write: once more")
        .isEqualTo(first);
  }

  @Test
  void aNetworkChangeRetriesEveryPartnerAtOnceForgettingBackoff() {
    scheduler.addPartner(family);
    scheduler.handlePeerUp(0, family);
    long now = 0;
    for (int i = 0; i < 6; i++) {
      now = Math.max(now, scheduler.pollDeadlineNs());
      scheduler.pollDue(now);
      scheduler.handleSyncResult(now, family, false);
    }
    assertThat(scheduler.pollDeadlineNs() - now).isEqualTo(32 * S);

    scheduler.handleNetworkChange(now + S);

    assertThat(scheduler.failures(family)).isZero();
    assertThat(scheduler.pollDue(now + S)).isEqualTo(family);
  }
}
