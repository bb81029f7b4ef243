package dev.conifer.conformance;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.KeepaliveFrame;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.TreeAnnouncementFrame;
import dev.conifer.snek.wire.WakeupBroadcastFrame;
import dev.conifer.snek.wire.Watermark;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Black-box wire conformance checks against a live SNEK node over TCP: what any implementation, Go
 * Pinecone included, must do on the wire (PROTOCOL.md §3, §4, §5, §8, §10.4, §16). Each check opens
 * its own connections as a fresh peer.
 */
public final class ConformanceSuite {
  /** One check's outcome. */
  public record Result(String name, boolean passed, String detail) {}

  private interface Check {
    String run() throws Exception;
  }

  private static final int CONNECT_MS = 5_000;
  private static final int HANDSHAKE_MS = 10_000;

  private final InetSocketAddress target;
  private final Random random;
  private final boolean includeSlowChecks;
  private final LongSupplier nanoClock;

  /**
   * @param seed seeds the test peers' keys, so a failing run can be repeated
   * @param includeSlowChecks also run the checks that wait for timers (about 15 s)
   * @param nanoClock monotonic nanoseconds for deadlines (the node passes the real clock)
   */
  public ConformanceSuite(
      InetSocketAddress target, long seed, boolean includeSlowChecks, LongSupplier nanoClock) {
    this.target = target;
    this.nanoClock = nanoClock;
    this.random = new Random(seed);
    this.includeSlowChecks = includeSlowChecks;
  }

  public List<Result> run(PrintWriter log) {
    List<Result> results = new ArrayList<>();
    check(results, log, "handshake", this::handshake);
    check(results, log, "first frame is a signed tree announcement", this::firstAnnouncement);
    check(results, log, "a bad handshake signature is refused", this::badHandshake);
    check(
        results, log, "a frame shorter than its header closes only that peering", this::shortFrame);
    check(results, log, "a traffic length mismatch closes the peering", this::lengthMismatch);
    check(results, log, "unknown frame types are dropped, the peering stays", this::unknownType);
    check(results, log, "forwards tree-routed traffic", () -> forwards(true));
    check(results, log, "forwards SNEK-routed traffic", () -> forwards(false));
    if (includeSlowChecks) {
      check(results, log, "keepalives at least every 3 s", this::keepalives);
      check(results, log, "a silent peer is dropped after about 5 s", this::readTimeout);
    }
    return results;
  }

  private static void check(List<Result> results, PrintWriter log, String name, Check check) {
    Result result;
    try {
      result = new Result(name, true, check.run());
    } catch (Exception | AssertionError e) {
      result = new Result(name, false, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    results.add(result);
    log.println((result.passed() ? "PASS " : "FAIL ") + name + " (" + result.detail() + ")");
    log.flush();
  }

  private WirePeer connect() throws Exception {
    return connect(WirePeer.freshSigner(random));
  }

  private WirePeer connect(Signer signer) throws Exception {
    WirePeer peer = new WirePeer(target, signer, CONNECT_MS, nanoClock);
    peer.handshake(HANDSHAKE_MS);
    return peer;
  }

  private String handshake() throws Exception {
    try (WirePeer peer = connect()) {
      return "target key " + peer.targetKey.toHex();
    }
  }

  private SwitchAnnouncement firstAnnouncementOf(WirePeer peer) throws Exception {
    Frame first = peer.receive(5_000);
    require(first instanceof TreeAnnouncementFrame, "first frame is " + first.type());
    SwitchAnnouncement a = ((TreeAnnouncementFrame) first).announcement();
    List<SwitchAnnouncement.Entry> entries = a.entries();
    require(!entries.isEmpty(), "announcement has no entries");
    require(entries.get(0).key().equals(a.root().key()), "first entry is not the root");
    require(
        entries.get(entries.size() - 1).key().equals(peer.targetKey),
        "last entry is not the target");
    require(a.verify(Ed25519.VERIFIER), "announcement signatures do not verify");
    return a;
  }

  private String firstAnnouncement() throws Exception {
    try (WirePeer peer = connect()) {
      SwitchAnnouncement a = firstAnnouncementOf(peer);
      return "root " + a.root() + ", our coordinates " + a.receiverCoordinates();
    }
  }

  private String badHandshake() throws Exception {
    Signer signer = WirePeer.freshSigner(random);
    try (WirePeer peer = new WirePeer(target, signer, CONNECT_MS, nanoClock)) {
      byte[] handshake = dev.conifer.snek.wire.Handshake.encode(signer);
      handshake[handshake.length - 1] ^= 1;
      peer.sendRaw(handshake);
      require(peer.closesWithin(HANDSHAKE_MS + 1_000), "the target kept the connection open");
      return "closed";
    }
  }

  private String shortFrame() throws Exception {
    try (WirePeer peer = connect()) {
      byte[] frame = new byte[FrameHeader.LENGTH];
      java.nio.ByteBuffer.wrap(frame).putInt(FrameHeader.MAGIC);
      frame[FrameHeader.TYPE_OFFSET] = 3;
      frame[FrameHeader.FRAME_LENGTH_OFFSET + 1] = 9; // below the header's own length
      peer.sendRaw(frame);
      require(peer.closesWithin(3_000), "the target kept the peering open");
    }
    try (WirePeer again = connect()) {
      firstAnnouncementOf(again);
      return "closed, and the target still accepts peers";
    }
  }

  private String lengthMismatch() throws Exception {
    try (WirePeer peer = connect()) {
      byte[] frame =
          dev.conifer.snek.wire.FrameCodec.encode(
              new TrafficFrame(
                  10,
                  Coordinates.ROOT,
                  Coordinates.ROOT,
                  peer.targetKey,
                  peer.signer.publicKey(),
                  Watermark.NONE,
                  new byte[] {1, 2, 3}));
      frame[FrameHeader.LENGTH + 1] = 2; // payload length 3 -> 2
      peer.sendRaw(frame);
      require(peer.closesWithin(3_000), "the target kept the peering open");
      return "closed";
    }
  }

  private String unknownType() throws Exception {
    try (WirePeer peer = connect()) {
      firstAnnouncementOf(peer);
      byte[] frame = new byte[FrameHeader.LENGTH + 4];
      FrameHeader.write(
          java.nio.ByteBuffer.wrap(frame),
          0,
          dev.conifer.snek.wire.FrameType.KEEPALIVE,
          0,
          frame.length);
      frame[FrameHeader.TYPE_OFFSET] = 42;
      peer.sendRaw(frame);
      peer.send(KeepaliveFrame.INSTANCE);
      require(!peer.closesWithin(1_500), "the target closed the peering");
      return "still up";
    }
  }

  /** A key weaker than {@code bound}, so test peers never become the root. */
  private Signer weakerThan(PublicKey bound) {
    while (true) {
      Signer s = WirePeer.freshSigner(random);
      if (s.publicKey().compareTo(bound) < 0) {
        return s;
      }
    }
  }

  private String forwards(boolean tree) throws Exception {
    PublicKey rootKey;
    try (WirePeer probe = connect()) {
      rootKey = firstAnnouncementOf(probe).root().key();
    }
    try (WirePeer a = connect(weakerThan(rootKey));
        WirePeer b = connect(weakerThan(rootKey))) {
      SwitchAnnouncement toA = firstAnnouncementOf(a);
      SwitchAnnouncement toB = firstAnnouncementOf(b);
      a.send(new TreeAnnouncementFrame(toA.signedFor(1, a.signer)));
      b.send(new TreeAnnouncementFrame(toB.signedFor(1, b.signer)));
      // Separate connections race inside the target: wait until it has taken both announcements.
      awaitFirstAnnouncementProcessed(a);
      awaitFirstAnnouncementProcessed(b);
      byte[] payload = new byte[64];
      random.nextBytes(payload);
      Coordinates destination = tree ? toB.receiverCoordinates() : Coordinates.ROOT;
      a.send(
          new TrafficFrame(
              10,
              destination,
              toA.receiverCoordinates(),
              b.signer.publicKey(),
              a.signer.publicKey(),
              Watermark.NONE,
              payload));
      long deadline = nanoClock.getAsLong() + 3_000_000_000L;
      while (nanoClock.getAsLong() < deadline) {
        Frame f;
        try {
          f = b.receive(1_000);
        } catch (SocketTimeoutException e) {
          continue;
        }
        if (f instanceof TrafficFrame t && Arrays.equals(t.payload(), payload)) {
          require(t.sourceKey().equals(a.signer.publicKey()), "wrong source key");
          return (tree ? "to coordinates " + destination : "by key")
              + ", hop limit "
              + t.hopLimit();
        }
      }
      throw new AssertionError("the traffic did not arrive within 3 s");
    }
  }

  /**
   * A node answers a peer's first announcement with a wakeup broadcast to that peer (§5.4 step 8;
   * Go does, verified live in §17.7), which tells us the announcement was processed.
   */
  private void awaitFirstAnnouncementProcessed(WirePeer peer) throws Exception {
    long deadline = nanoClock.getAsLong() + 3_000_000_000L;
    while (nanoClock.getAsLong() < deadline) {
      try {
        if (peer.receive(500) instanceof WakeupBroadcastFrame) {
          return;
        }
      } catch (SocketTimeoutException e) {
        // keep waiting until the deadline
      }
    }
    throw new AssertionError("no wakeup broadcast answered our first announcement within 3 s");
  }

  private String keepalives() throws Exception {
    try (WirePeer peer = connect()) {
      long end = nanoClock.getAsLong() + 8_000_000_000L;
      long lastHeard = nanoClock.getAsLong();
      long longestGapMs = 0;
      long nextSend = 0;
      while (nanoClock.getAsLong() < end) {
        if (nanoClock.getAsLong() >= nextSend) {
          peer.send(KeepaliveFrame.INSTANCE); // we stay alive so the target keeps us
          nextSend = nanoClock.getAsLong() + 1_000_000_000L;
        }
        try {
          peer.receive(250);
          long now = nanoClock.getAsLong();
          longestGapMs = Math.max(longestGapMs, (now - lastHeard) / 1_000_000L);
          lastHeard = now;
        } catch (SocketTimeoutException e) {
          long silentMs = (nanoClock.getAsLong() - lastHeard) / 1_000_000L;
          require(silentMs <= 3_500, "the target was silent for " + silentMs + " ms");
        }
      }
      return "longest silence " + longestGapMs + " ms";
    }
  }

  private String readTimeout() throws Exception {
    try (WirePeer peer = connect()) {
      long start = nanoClock.getAsLong();
      require(peer.closesWithin(7_000), "the target kept a silent peer for over 7 s");
      long ms = (nanoClock.getAsLong() - start) / 1_000_000L;
      require(ms >= 4_000, "the target dropped a silent peer after only " + ms + " ms");
      return "closed after " + ms + " ms";
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
