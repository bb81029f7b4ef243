package dev.conifer.node;

import dev.conifer.node.doorway.DoorwayConfig;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.wire.BlobsClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Time to first byte through the doorway for a blob two relays away (holder - relay - relay -
 * doorway, four in-process nodes on loopback), once the doorway knows the holder (a HEAD went
 * first). Not in CI. Run on the test class path: {@code DoorwayTtfbBench [MiB...]} (default 1 100
 * 1024). Prints, per size, the median and worst of 5 whole GETs and of 5 100-byte Range GETs in the
 * middle; each connection is closed after the first body byte, which cancels the fetch. For
 * comparison it also times the overlay alone: the doorway node asking the holder for the middle
 * group over {@code conifer-blobs/1} (stream open, GET, first group verified), no HTTP. What the
 * doorway adds is the difference.
 */
public final class DoorwayTtfbBench {
  private static final int ROUNDS = 5;

  private DoorwayTtfbBench() {}

  private static Signer signer(int n) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) n);
    return Ed25519.signerFromSeed(seed);
  }

  public static void main(String[] args) throws Exception {
    List<Long> mib = new ArrayList<>();
    for (String a : args) {
      mib.add(Long.parseLong(a));
    }
    if (mib.isEmpty()) {
      mib = List.of(1L, 100L, 1024L);
    }
    Path dir = Files.createTempDirectory("doorway-ttfb");
    List<ConiferNode> nodes = new ArrayList<>();
    try {
      List<URI> connect = List.of();
      for (int n = 1; n <= 4; n++) {
        DoorwayConfig doorway =
            n == 4 ? DoorwayConfig.defaults(new InetSocketAddress("127.0.0.1", 0)) : null;
        ConiferNode node =
            ConiferNode.start(
                new NodeConfig(
                    null,
                    List.of(URI.create("tcp://127.0.0.1:0")),
                    connect,
                    null,
                    false,
                    null,
                    true,
                    dir.resolve("n" + n),
                    doorway),
                signer(0x50 + n),
                new SeededRandom(n),
                new PrintWriter(new StringWriter()));
        nodes.add(node);
        connect = node.listening();
      }
      ConiferNode holder = nodes.get(0);
      ConiferNode door = nodes.get(3);
      System.out.println(
          "size | whole GET: median / worst ms | 100-byte Range: median / worst ms"
              + " | overlay only, middle group: median / worst ms");
      for (long m : mib) {
        BlobHash h = add(holder, dir, m);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (status(door, h) != 200) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the doorway never found " + h);
          }
          holder.blobs().publishTick();
          Thread.sleep(300);
        }
        long size = m << 20;
        long[] whole = new long[ROUNDS];
        long[] range = new long[ROUNDS];
        long[] overlay = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
          whole[i] = firstByteNanos(door, h, null);
          range[i] = firstByteNanos(door, h, "bytes=" + size / 2 + "-" + (size / 2 + 99));
          overlay[i] = firstGroupNanos(door, holder, h, size);
        }
        System.out.printf(
            "%d MiB | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f%n",
            m, median(whole), max(whole), median(range), max(range), median(overlay), max(overlay));
      }
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close();
      }
    }
    System.exit(0);
  }

  private static BlobHash add(ConiferNode holder, Path dir, long mib) throws Exception {
    Path file = dir.resolve(mib + "mib.bin");
    byte[] chunk = new byte[1 << 20];
    Random random = new Random(mib);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long i = 0; i < mib; i++) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    BlobHash h = holder.blobs().commands().add(file);
    Files.delete(file);
    return h;
  }

  private static int status(ConiferNode door, BlobHash h) throws Exception {
    try (Socket s = connect(door)) {
      s.getOutputStream()
          .write(
              ("HEAD /blobs/" + h.hex() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String line = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(line.substring(9, 12));
    }
  }

  private static Socket connect(ConiferNode door) throws Exception {
    Socket s = new Socket("127.0.0.1", door.doorwayAddress().getPort());
    s.setTcpNoDelay(true);
    s.setSoTimeout(60_000);
    return s;
  }

  /** From writing the request to reading the first body byte. */
  private static long firstByteNanos(ConiferNode door, BlobHash h, String range) throws Exception {
    try (Socket s = connect(door)) {
      String request =
          "GET /blobs/"
              + h.hex()
              + " HTTP/1.1\r\nHost: x\r\n"
              + (range == null ? "" : "Range: " + range + "\r\n")
              + "\r\n";
      long start = System.nanoTime();
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      int matched = 0;
      while (matched < 4) { // the end of the head: \r\n\r\n
        int b = in.read();
        if (b < 0) {
          throw new IllegalStateException("closed before the body");
        }
        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      if (in.read() < 0) {
        throw new IllegalStateException("no body");
      }
      return System.nanoTime() - start;
    }
  }

  /** The doorway node reads the middle group straight from the holder: the overlay's share. */
  private static long firstGroupNanos(ConiferNode door, ConiferNode holder, BlobHash h, long size)
      throws Exception {
    long group = size / 2 / BlobTree.GROUP_LENGTH;
    long start = System.nanoTime();
    try (BlobsClient client = door.blobs().connector().connect(holder.publicKey())) {
      long[] got = new long[1];
      client.get(
          h,
          new long[] {BlobTree.groupOffset(group)},
          new long[] {1},
          size,
          g -> {
            if (got[0] == 0) {
              got[0] = System.nanoTime() - start;
            }
          });
      return got[0];
    }
  }

  private static double median(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[s.length / 2] / 1e6;
  }

  private static double max(long[] nanos) {
    return Arrays.stream(nanos).max().orElse(0) / 1e6;
  }
}
