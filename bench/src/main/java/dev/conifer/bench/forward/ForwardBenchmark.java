package dev.conifer.bench.forward;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.Transmit;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.WireException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The relay's forward step: one traffic frame in ({@code handleFrame}) and the rewritten frame out
 * ({@code pollTransmit}) at the middle node of a converged three-node line. {@code snek} is a first
 * packet (no coordinates, watermark rewritten); {@code tree} a packet of an established flow. Run
 * with {@code -prof gc}: steady state must allocate nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForwardBenchmark {
  @Param({"snek", "tree"})
  String routing;

  @Param({"1024"})
  int payloadLength;

  private SnekNode relay;
  private ByteBuffer in;
  private final ByteBuffer out = ByteBuffer.allocate(65536);
  private final Transmit transmit = new Transmit();
  private long nowNs;
  private int inPort;

  @Setup
  public void setUp() {
    LineOfNodes line = new LineOfNodes(3);
    byte[] payload = new byte[payloadLength];
    // Send towards an end that is not the root: a root's coordinates are never cached (§8.2).
    boolean towardsNode2 = !line.nodes[2].coordinates().isRoot();
    int from = towardsNode2 ? 0 : 2;
    int to = towardsNode2 ? 2 : 0;
    inPort = towardsNode2 ? 1 : 2;
    if (routing.equals("tree")) {
      // Traffic from the destination teaches the source its coordinates.
      line.nodes[to].send(line.nowNs(), line.nodes[from].publicKey(), ByteBuffer.wrap(payload));
      line.pump();
    }
    byte[] frame = line.captureSend(from, to, payload);
    boolean treeRouted;
    try {
      treeRouted = ((TrafficFrame) FrameCodec.decode(ByteBuffer.wrap(frame))).isTreeRouted();
    } catch (WireException e) {
      throw new IllegalStateException(e);
    }
    if (treeRouted != routing.equals("tree")) {
      throw new IllegalStateException("wanted " + routing + " routing, got the other");
    }
    relay = line.nodes[1];
    nowNs = line.nowNs();
    in = ByteBuffer.wrap(frame);
    if (forwardOnce() != FrameVerdict.FORWARDED) {
      throw new IllegalStateException("the relay does not forward the frame");
    }
  }

  private FrameVerdict forwardOnce() {
    in.clear();
    FrameVerdict verdict = relay.handleFrame(nowNs, inPort, in);
    out.clear();
    relay.pollTransmit(out, transmit);
    return verdict;
  }

  /** Baseline: what decoding into a repr and re-encoding alone cost, without any routing. */
  @Benchmark
  public int decodeAndEncode() throws WireException {
    in.clear();
    out.clear();
    FrameCodec.encode(FrameCodec.decode(in), out);
    return out.position();
  }

  @Benchmark
  public int forward() {
    forwardOnce();
    return transmit.length();
  }
}
