package dev.conifer.node;

import dev.conifer.session.SessionStream;
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

/**
 * The holder process of {@link BlobsProcessBench}: the node {@code conifer node --data DIR
 * --connect URI} runs (same {@link ConiferNode}, serving the blobs under DIR), plus a raw sink and
 * source on its sessions, so the raw baseline runs between the same two warm JVMs as the fetch.
 * Prints the node's stdout lines ({@code public-key HEX}). Usage: {@code BlobsBenchHolder DIR URI}.
 */
public final class BlobsBenchHolder {
  static final String SINK = "conifer-bench-sink";
  static final String SOURCE = "conifer-bench-source";

  private BlobsBenchHolder() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    NodeConfig config =
        new NodeConfig(
            null, List.of(), List.of(URI.create(args[1])), null, false, null, true, data);
    SecureRandom random = new SecureRandom();
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    ConiferNode node =
        ConiferNode.start(
            config, KeyFile.loadOrCreate(data.resolve("conifer.key"), random), random, out);
    node.sessions().listen(SINK, BlobsBenchHolder::drain);
    node.sessions().listen(SOURCE, BlobsBenchHolder::source);
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

  /** Sends as many bytes as the dialler asks for (an 8-byte count), in 64 KiB writes. */
  static void source(SessionStream s) throws IOException {
    long size = new DataInputStream(s.inputStream()).readLong();
    byte[] buf = new byte[64 << 10];
    OutputStream out = s.outputStream();
    for (long w = 0; w < size; w += buf.length) {
      out.write(buf, 0, (int) Math.min(buf.length, size - w));
    }
    out.close();
  }
}
