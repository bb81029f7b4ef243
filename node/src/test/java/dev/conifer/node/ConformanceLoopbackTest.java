package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.conformance.ConformanceSuite;
import dev.conifer.snek.crypto.Ed25519;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our own daemon passes the black-box conformance suite, slow timer checks included. */
@Tag("loopback")
@Timeout(120)
class ConformanceLoopbackTest {
  @Test
  void ourNodePassesEveryCheck() {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) 0x42);
    NodeConfig config =
        new NodeConfig(null, List.of(URI.create("tcp://127.0.0.1:0")), List.of(), null, false);
    try (ConiferNode node =
        ConiferNode.start(
            config,
            Ed25519.signerFromSeed(seed),
            new SeededRandom(7),
            new PrintWriter(new StringWriter()))) {
      URI listening = node.listening().get(0);
      InetSocketAddress target = new InetSocketAddress(listening.getHost(), listening.getPort());
      StringWriter log = new StringWriter();
      List<ConformanceSuite.Result> results =
          new ConformanceSuite(target, 11, true, System::nanoTime).run(new PrintWriter(log));
      assertThat(results).as(log.toString()).allMatch(ConformanceSuite.Result::passed).hasSize(10);
    }
  }
}
