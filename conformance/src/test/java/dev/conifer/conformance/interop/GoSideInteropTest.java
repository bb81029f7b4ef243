package dev.conifer.conformance.interop;

import static dev.conifer.conformance.interop.RawPeer.HEX;
import static dev.conifer.conformance.interop.RawPeer.bytes;
import static dev.conifer.conformance.interop.RawPeer.concat;
import static dev.conifer.conformance.interop.RawPeer.u16;
import static dev.conifer.conformance.interop.RawPeer.varu64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.conformance.interop.RawPeer.RawFrame;
import dev.conifer.router.Router;
import dev.conifer.router.RouterConfig;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transport.TransportClocks;
import dev.conifer.transport.TransportConfig;
import dev.conifer.transport.Transports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PROTOCOL.md §17.7, the sequence seen live against a Go node, played in raw bytes by the test as
 * the Go side against a real Conifer router over a real TCP socket. Keys are §17.1's A, B and C
 * (seeds 01, 02, 03; B < A < C). Both roles: the test as a child of a Conifer root, and the test as
 * the root above a Conifer child.
 */
@Tag("loopback")
@Timeout(60)
class GoSideInteropTest {
  private static final int ANNOUNCEMENT = 1;
  private static final int BOOTSTRAP = 2;
  private static final int TRAFFIC = 3;
  private static final int BROADCAST = 4;

  private Router router;
  private Transports transports;

  /** A Conifer node that echoes traffic, listening on 127.0.0.1. Returns its port. */
  private int startConifer(int seedByte) throws Exception {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) seedByte);
    Signer signer = Ed25519.signerFromSeed(seed);
    router =
        Router.start(
            RouterConfig.defaults(),
            signer,
            System::nanoTime,
            System::currentTimeMillis,
            new SimpleMeterRegistry(),
            1);
    router.setReceiver((source, payload) -> router.send(source, payload));
    transports =
        new Transports(
            router,
            signer,
            TransportConfig.defaults(),
            new TransportClocks(System::nanoTime, java.time.Clock.systemUTC()));
    InetSocketAddress bound = transports.listen("tcp://127.0.0.1:0").get(10, TimeUnit.SECONDS);
    return bound.getPort();
  }

  @AfterEach
  void stop() {
    if (transports != null) {
      transports.close();
    }
    if (router != null) {
      router.close();
    }
  }

  /** A parsed announcement payload: root, sequence, and (hop, key, signature, offset) entries. */
  private record Entry(long hop, byte[] key, byte[] signature, int offset) {}

  private record Announcement(byte[] payload, byte[] rootKey, long rootSeq, Entry[] entries) {}

  private static Announcement parseAnnouncement(RawFrame frame) {
    byte[] body = frame.body();
    int length = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
    byte[] payload = Arrays.copyOfRange(body, 2, 2 + length);
    assertThat(2 + length).as("announcement payload length").isEqualTo(body.length);
    long[] at = {32};
    long rootSeq = readVarU64(payload, at);
    java.util.List<Entry> entries = new java.util.ArrayList<>();
    while (at[0] < payload.length) {
      int offset = (int) at[0];
      long hop = readVarU64(payload, at);
      int k = (int) at[0];
      entries.add(
          new Entry(
              hop,
              Arrays.copyOfRange(payload, k, k + 32),
              Arrays.copyOfRange(payload, k + 32, k + 96),
              offset));
      at[0] = k + 96;
    }
    return new Announcement(
        payload, Arrays.copyOf(payload, 32), rootSeq, entries.toArray(new Entry[0]));
  }

  private static long readVarU64(byte[] bytes, long[] at) {
    long value = 0;
    while (true) {
      int b = bytes[(int) at[0]++] & 0xFF;
      value = (value << 7) | (b & 0x7F);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }

  private static void assertSignaturesVerify(Announcement a) {
    for (Entry e : a.entries()) {
      assertThat(RawPeer.verify(e.key(), Arrays.copyOf(a.payload(), e.offset()), e.signature()))
          .as("entry signature of %s", HEX.formatHex(e.key()))
          .isTrue();
    }
  }

  /** The announcement {@code a}, extended by {@code signer} for its port {@code hop}. */
  private static byte[] extend(byte[] payload, long hop, RawPeer signer) {
    return concat(payload, varu64(hop), signer.key, signer.sign(payload));
  }

  private static byte[] treeAnnouncement(byte[] payload) {
    return concat(u16(payload.length), payload);
  }

  @Test
  void theGoSideAsAChildOfAConiferRoot() throws Exception {
    int port = startConifer(3); // Conifer is C, the strongest key: the root
    try (RawPeer a = new RawPeer(port, (byte) 1)) {
      // 1. Both sides send the handshake at once.
      a.sendHandshake();
      byte[] c = a.readHandshake();

      // 2. The first frame: {root C, seq 1, [(p, C)]}, signed by C over C || seq.
      Announcement first = parseAnnouncement(a.readFrame());
      assertThat(first.rootKey()).isEqualTo(c);
      assertThat(first.entries()).hasSize(1);
      assertThat(first.entries()[0].key()).isEqualTo(c);
      assertSignaturesVerify(first);
      long ourPort = first.entries()[0].hop(); // our coordinates are [ourPort]

      // 3. Our announcement, signed over theirs with hop 1: stored; a broadcast answers it.
      a.sendFrame(ANNOUNCEMENT, 0, treeAnnouncement(extend(first.payload(), 1, a)));
      RawFrame broadcast = a.await(BROADCAST);
      assertThat(broadcast.hopLimit()).isEqualTo(5);
      assertThat(Arrays.copyOfRange(broadcast.body(), 2, 34)).as("broadcast source").isEqualTo(c);

      // 4. Our bootstrap with watermark {C, 0}: Conifer installs a path to A; A descends from C.
      byte[] rootC = concat(c, varu64(first.rootSeq()));
      byte[] signed = concat(varu64(1_700_000_000_000L), rootC);
      byte[] payload = concat(signed, a.sign(signed));
      a.sendFrame(BOOTSTRAP, 0, concat(u16(payload.length), a.key, c, varu64(0), payload));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> HEX.formatHex(a.key).equals(router.status().get().snake().descending()));

      // 5. SNEK traffic to C is delivered; the echo comes back tree-routed to our coordinates.
      byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
      byte[] ourCoords = concat(u16(varu64(ourPort).length), varu64(ourPort));
      a.sendFrame(
          TRAFFIC, 10, concat(u16(hello.length), u16(0), ourCoords, c, a.key, c, varu64(0), hello));
      RawFrame echo = a.await(TRAFFIC);
      byte[] expected = concat(u16(hello.length), ourCoords, u16(0), a.key, c, hello);
      assertThat(HEX.formatHex(echo.body())).isEqualTo(HEX.formatHex(expected));
      assertThat(echo.hopLimit()).as("hop limiting is off by default, as in Go").isEqualTo(10);
    }
  }

  @Test
  void theGoSideAsTheRootAboveAConiferChild() throws Exception {
    int port = startConifer(2); // Conifer is B, weaker than C
    try (RawPeer c = new RawPeer(port, (byte) 3)) {
      c.sendHandshake();
      byte[] b = c.readHandshake();

      // B first announces itself as root.
      Announcement selfRoot = parseAnnouncement(c.readFrame());
      assertThat(selfRoot.rootKey()).isEqualTo(b);

      // Our announcement {C, 1, [(1, C)]} is §17.3's first vector, byte for byte.
      byte[] ours = extend(concat(c.key, varu64(1)), 1, c);
      assertThat(HEX.formatHex(ours))
          .startsWith("ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d101");
      c.sendFrame(ANNOUNCEMENT, 0, treeAnnouncement(ours));

      // B adopts C: {C, 1, [(1, C), (p, B)]} with B's signature over ours, then a broadcast.
      Announcement adopted = parseAnnouncement(c.await(ANNOUNCEMENT));
      assertThat(adopted.rootKey()).isEqualTo(c.key);
      assertThat(adopted.rootSeq()).isEqualTo(1);
      assertThat(adopted.entries()).hasSize(2);
      assertThat(adopted.entries()[1].key()).isEqualTo(b);
      assertThat(Arrays.copyOf(adopted.payload(), ours.length)).isEqualTo(ours);
      assertSignaturesVerify(adopted);
      long bPort = adopted.entries()[1].hop();

      // Bootstraps from B with watermark {C, 0}, signed by B over seq || root C/1.
      RawFrame bootstrap = c.await(BOOTSTRAP);
      byte[] body = bootstrap.body();
      assertThat(Arrays.copyOfRange(body, 2, 34)).as("bootstrapper").isEqualTo(b);
      assertThat(Arrays.copyOfRange(body, 34, 66)).as("watermark key").isEqualTo(c.key);
      assertThat(body[66]).as("watermark seq 0").isEqualTo((byte) 0);
      byte[] payload = Arrays.copyOfRange(body, 67, body.length);
      byte[] protectedBytes = Arrays.copyOf(payload, payload.length - 64);
      assertThat(HEX.formatHex(protectedBytes)).endsWith(HEX.formatHex(concat(c.key, varu64(1))));
      assertThat(
              RawPeer.verify(
                  b,
                  protectedBytes,
                  Arrays.copyOfRange(payload, payload.length - 64, payload.length)))
          .isTrue();

      // SNEK traffic from the root to B; B's echo goes SNEK too (a root's coordinates are never
      // cached) with watermark {C, 0}.
      byte[] ping = bytes(1, 2, 3);
      byte[] bCoords = concat(u16(varu64(bPort).length), varu64(bPort));
      c.sendFrame(
          TRAFFIC, 10, concat(u16(ping.length), u16(0), u16(0), b, c.key, b, varu64(0), ping));
      RawFrame echo = c.await(TRAFFIC);
      byte[] expected = concat(u16(ping.length), u16(0), bCoords, c.key, b, c.key, varu64(0), ping);
      assertThat(HEX.formatHex(echo.body())).isEqualTo(HEX.formatHex(expected));
    }
  }
}
