package dev.conifer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.simulator.model.SimRandom;
import dev.conifer.snek.crypto.Ed25519;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The id window answers exactly as the map of ids it replaced, in every order of operations. */
class InFlightProbesTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void behavesAsAMapOfIdsUnderRandomSendsRemovalsAndExpiry(long seed) {
    SimRandom random = new SimRandom(seed);
    InFlightProbes window = new InFlightProbes();
    Map<Long, ProbeTracker.Probe> reference = new HashMap<>();
    SimNode node = new SimNode(0, "n", Ed25519.signerFromSeed(new byte[32]), false, 0);
    long nextId = 1;
    long now = 0;
    for (int step = 0; step < 20_000; step++) {
      int op = random.nextInt(10);
      if (op < 5) {
        now += random.nextInt(3);
        ProbeTracker.Probe p =
            new ProbeTracker.Probe(nextId++, ProbeTracker.Kind.FIRST, node, node, now, 1, 0, null);
        window.add(p);
        reference.put(p.id, p);
      } else if (op < 8) {
        long id = 1 + random.nextLong(nextId);
        window.remove(id);
        reference.remove(id);
      } else if (op == 8) {
        long cutoff = now - random.nextInt(200);
        window.expire(cutoff);
        reference.values().removeIf(p -> p.sentNs < cutoff);
      }
      long probeId = random.nextLong(nextId + 5) - 2;
      assertThat(window.get(probeId))
          .as("reproduce: -Dsim.seed=%d, step %d, id %d", seed, step, probeId)
          .isSameAs(reference.get(probeId));
    }
  }
}
