package dev.conifer.bench.forward;

import dev.conifer.snek.Delivery;
import dev.conifer.snek.PeerType;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.Transmit;
import dev.conifer.snek.crypto.Ed25519;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Real SnekNodes in a line, driven synchronously in virtual time until their tree and snake have
 * settled: the setup for forwarding benchmarks. Link i joins node i (port 2) and node i+1 (port 1).
 */
final class LineOfNodes {
  private record InFlight(int node, int port, byte[] frame) {}

  final SnekNode[] nodes;
  private final ArrayDeque<InFlight> wire = new ArrayDeque<>();
  private final ByteBuffer buffer = ByteBuffer.allocate(65536);
  private final Transmit transmit = new Transmit();
  private final Delivery delivery = new Delivery();
  private long nowNs;

  LineOfNodes(int count) {
    nodes = new SnekNode[count];
    for (int i = 0; i < count; i++) {
      byte[] seed = new byte[32];
      Arrays.fill(seed, (byte) (i + 11));
      nodes[i] =
          new SnekNode(
              SnekConfig.defaults(),
              Ed25519.signerFromSeed(seed),
              Ed25519.VERIFIER,
              0,
              1_700_000_000_000L,
              i);
    }
    for (int i = 0; i + 1 < count; i++) {
      nodes[i].portUp(nowNs, 2, nodes[i + 1].publicKey(), PeerType.REMOTE);
      nodes[i + 1].portUp(nowNs, 1, nodes[i].publicKey(), PeerType.REMOTE);
    }
    for (int second = 0; second < 30; second++) {
      nowNs += 1_000_000_000L;
      for (SnekNode n : nodes) {
        n.handleTimeout(nowNs);
      }
      pump();
    }
  }

  /** Delivers every frame in flight, and what they cause, until the line is quiet. */
  void pump() {
    for (int i = 0; i < nodes.length; i++) {
      drain(i);
    }
    while (!wire.isEmpty()) {
      InFlight f = wire.poll();
      nodes[f.node].handleFrame(nowNs, f.port, ByteBuffer.wrap(f.frame));
      drain(f.node);
    }
  }

  private void drain(int i) {
    while (true) {
      buffer.clear();
      if (!nodes[i].pollTransmit(buffer, transmit)) {
        break;
      }
      byte[] frame = Arrays.copyOf(buffer.array(), transmit.length());
      if (transmit.port() == 2 && i + 1 < nodes.length) {
        wire.add(new InFlight(i + 1, 1, frame));
      } else if (transmit.port() == 1 && i > 0) {
        wire.add(new InFlight(i - 1, 2, frame));
      }
    }
    while (true) {
      buffer.clear();
      if (!nodes[i].pollDelivery(buffer, delivery)) {
        break;
      }
    }
    while (nodes[i].pollEvent() != null) {
      // not needed here
    }
  }

  /** The first frame node {@code i} would send towards {@code port} after a send, captured. */
  byte[] captureSend(int from, int to, byte[] payload) {
    nodes[from].send(nowNs, nodes[to].publicKey(), ByteBuffer.wrap(payload));
    buffer.clear();
    nodes[from].pollTransmit(buffer, transmit);
    return Arrays.copyOf(buffer.array(), transmit.length());
  }

  long nowNs() {
    return nowNs;
  }
}
