package dev.conifer.node;

import dev.conifer.session.SessionStream;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.wire.BlobsCodec;
import dev.conifer.transfer.wire.BlobsServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionPathStats;
import io.netty.handler.codec.quic.QuicConnectionStats;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The holder process of {@link BlobsProcessBench}: the node {@code conifer node --data DIR
 * --connect URI} runs (same {@link ConiferNode}, serving the blobs under DIR), plus a raw sink and
 * source on its sessions, so the raw baseline runs between the same two warm JVMs as the fetch.
 * Prints the node's stdout lines ({@code public-key HEX}). Usage: {@code BlobsBenchHolder DIR URI}.
 */
public final class BlobsBenchHolder {
  static final String SINK = "conifer-bench-sink";
  static final String SOURCE = "conifer-bench-source";
  static final String STATS = "conifer-bench-stats";

  /** The last connections the raw source and the blobs server served (one per ALPN). */
  private static volatile QuicChannel sourceConnection;

  private static volatile QuicChannel blobsConnection;

  private static ConiferNode node;

  private BlobsBenchHolder() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    NodeConfig config =
        new NodeConfig(
            null, List.of(), List.of(URI.create(args[1])), null, false, null, true, data);
    SecureRandom random = new SecureRandom();
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    node =
        ConiferNode.start(
            config, KeyFile.loadOrCreate(data.resolve("conifer.key"), random), random, out);
    node.sessions().listen(SINK, BlobsBenchHolder::drain);
    node.sessions().listen(SOURCE, BlobsBenchHolder::source);
    node.sessions().listen(STATS, BlobsBenchHolder::stats);
    // The daemon's blobs listener again, noting the connection each stream arrives on.
    BlobsServer server = new BlobsServer(node.blobs().store(), BlobsConfig.defaults());
    node.sessions()
        .listen(
            BlobsCodec.ALPN,
            s -> {
              blobsConnection = (QuicChannel) s.channel().parent();
              try (s) {
                server.serve(s.remoteKey(), s.inputStream(), s.outputStream());
                s.outputStream().close();
              }
            });
    Thread.currentThread().join(); // runs until the bench kills it
  }

  /** Reads everything, then answers one byte: the sender's clock stops on it. */
  static void drain(SessionStream s) throws IOException {
    byte[] buf = new byte[64 << 10];
    InputStream in = s.inputStream();
    while (in.read(buf) >= 0) {
      // discard
    }
    s.outputStream().write(1);
    s.outputStream().close();
  }

  /**
   * Answers one line per connection, "source ..." and "blobs ...", with this side's statistics (the
   * holder sends the pull and the fetch, so its loss and congestion window are what matter), and
   * "drops N", the frames its router has dropped.
   */
  static void stats(SessionStream s) throws IOException {
    String text =
        line("source", sourceConnection)
            + line("blobs", blobsConnection)
            + "drops "
            + (long)
                node.registry().find("conifer.drops").functionCounters().stream()
                    .mapToDouble(FunctionCounter::count)
                    .sum()
            + "\n";
    s.outputStream().write(text.getBytes(StandardCharsets.UTF_8));
    s.outputStream().close();
  }

  private static String line(String name, QuicChannel connection) {
    if (connection == null) {
      return name + " 0 0 0 0 0 0\n";
    }
    try {
      QuicConnectionStats c = connection.collectStats().get();
      QuicConnectionPathStats p = connection.collectPathStats(0).get();
      return String.join(
              " ",
              name,
              Long.toString(c.sent()),
              Long.toString(c.lost()),
              Long.toString(c.lostBytes()),
              Long.toString(c.streamRetransBytes()),
              Long.toString(p.cwnd()),
              Long.toString(p.rtt()))
          + "\n";
    } catch (InterruptedException | ExecutionException e) {
      return name + " 0 0 0 0 0 0\n"; // a closed connection has none
    }
  }

  /**
   * Sends as many bytes as the dialler asks for, in 64 KiB writes, for each 8-byte count it sends
   * until it closes its side: one count is a plain pull, many are a pull in requests, as a fetch's
   * GETs are.
   */
  static void source(SessionStream s) throws IOException {
    sourceConnection = (QuicChannel) s.channel().parent();
    DataInputStream in = new DataInputStream(s.inputStream());
    byte[] buf = new byte[64 << 10];
    OutputStream out = s.outputStream();
    while (true) {
      long size;
      try {
        size = in.readLong();
      } catch (java.io.EOFException end) {
        break;
      }
      for (long w = 0; w < size; w += buf.length) {
        out.write(buf, 0, (int) Math.min(buf.length, size - w));
      }
      out.flush();
    }
    out.close();
  }
}
