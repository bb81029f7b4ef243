package dev.conifer.snek.testing;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.PeerType;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.Transmit;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.TreeAnnouncementFrame;
import dev.conifer.snek.wire.WireException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One {@link SnekNode} under test, with hand-made peers: the test plays every other node by
 * building and signing frames itself, and reads what the node sends back.
 */
public final class NodeHarness {
  /** A frame the node sent, decoded. */
  public record Sent(int port, Frame frame) {}

  public static final long SECOND = 1_000_000_000L;

  private final List<Signer> keys;
  private final SnekNode node;
  private final Signer self;
  private long nowNs;

  /**
   * @param count how many signers to make, sorted by key ascending: {@code key(0)} is the weakest
   * @param selfIndex which of them is the node under test
   */
  public NodeHarness(int count, int selfIndex, SnekConfig config) {
    List<Signer> signers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] seed = new byte[32];
      Arrays.fill(seed, (byte) (i + 1));
      seed[0] = (byte) 0xC0;
      signers.add(Ed25519.signerFromSeed(seed));
    }
    signers.sort(Comparator.comparing(Signer::publicKey));
    this.keys = List.copyOf(signers);
    this.self = keys.get(selfIndex);
    this.node = new SnekNode(config, self, Ed25519.VERIFIER, 0, 1_700_000_000_000L, 7);
  }

  public NodeHarness(int count, int selfIndex) {
    this(count, selfIndex, SnekConfig.defaults().withBroadcasts(false));
  }

  public SnekNode node() {
    return node;
  }

  public Signer key(int index) {
    return keys.get(index);
  }

  public long nowNs() {
    return nowNs;
  }

  public void advance(long ns) {
    nowNs += ns;
    node.handleTimeout(nowNs);
  }

  public List<Sent> portUp(int port, int keyIndex) {
    node.portUp(nowNs, port, keys.get(keyIndex).publicKey(), PeerType.REMOTE);
    return drain();
  }

  public FrameVerdict feed(int port, Frame frame) {
    return node.handleFrame(nowNs, port, ByteBuffer.wrap(FrameCodec.encode(frame)));
  }

  /**
   * An announcement for root {@code rootIndex} at {@code rootSeq}, passed down the chain of keys in
   * {@code path} (each signing with the port number 1), and finally signed by the last of them for
   * its port towards the node under test. {@code path} starts with the root.
   */
  public TreeAnnouncementFrame announcement(int rootSeq, int... path) {
    SwitchAnnouncement a =
        SwitchAnnouncement.rootOnly(new Root(keys.get(path[0]).publicKey(), rootSeq));
    for (int index : path) {
      a = a.signedFor(1, keys.get(index));
    }
    return new TreeAnnouncementFrame(a);
  }

  /** Everything the node queued, decoded. */
  public List<Sent> drain() {
    List<Sent> out = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(65536);
    Transmit transmit = new Transmit();
    while (true) {
      buffer.clear();
      if (!node.pollTransmit(buffer, transmit)) {
        break;
      }
      buffer.flip();
      try {
        out.add(new Sent(transmit.port(), FrameCodec.decode(buffer)));
      } catch (WireException e) {
        throw new AssertionError("the node sent a frame it cannot decode", e);
      }
    }
    while (node.pollEvent() != null) {
      // state is asserted directly
    }
    return out;
  }
}
