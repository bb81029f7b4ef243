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
}
