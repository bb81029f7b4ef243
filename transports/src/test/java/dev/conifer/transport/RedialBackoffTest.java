package dev.conifer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RedialBackoffTest {
  private static final long S = TransportConfig.SECOND_NS;
  private final RedialBackoff goLike = new RedialBackoff(S, 3600 * S, 0);

  @Test
  void doublesPerAttemptUpToTheCapLikeGo() {
    assertThat(goLike.delayNs(0, 0.5)).isEqualTo(S);
    assertThat(goLike.delayNs(1, 0.5)).isEqualTo(2 * S);
    assertThat(goLike.delayNs(5, 0.5)).isEqualTo(32 * S);
    assertThat(goLike.delayNs(11, 0.5)).isEqualTo(2048 * S);
    assertThat(goLike.delayNs(12, 0.5)).isEqualTo(3600 * S);
    assertThat(goLike.delayNs(63, 0.5)).isEqualTo(3600 * S);
    assertThat(goLike.delayNs(Integer.MAX_VALUE, 0.5)).isEqualTo(3600 * S);
  }

  @Test
  void jitterStaysWithinItsBandAndUnderTheCap() {
    RedialBackoff jittered = new RedialBackoff(S, 3600 * S, 0.25);
    long seed = Long.getLong("transports.seed", 42);
    Random random = new Random(seed);
    for (int i = 0; i < 10_000; i++) {
      int attempts = random.nextInt(20);
      long plain = goLike.delayNs(attempts, 0.5);
      long delay = jittered.delayNs(attempts, random.nextDouble());
      assertThat(delay)
          .as("attempts %d, reproduce: -Dtransports.seed=%d", attempts, seed)
          .isBetween((long) (plain * 0.75) - 1, Math.min((long) (plain * 1.25) + 1, 3600 * S));
    }
    assertThat(jittered.delayNs(3, 0.0)).isEqualTo(6 * S);
    assertThat(jittered.delayNs(3, 0.999999)).isBetween(9 * S, 10 * S);
  }
}
