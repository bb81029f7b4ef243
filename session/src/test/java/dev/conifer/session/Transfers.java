package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** Seeded bulk transfers checked with SHA-256: the receiver answers with the digest it saw. */
final class Transfers {
  static final String SINK = "conifer-test-sink";
  private static final int CHUNK = 64 << 10;

  private Transfers() {}

  /** Listener side: reads to EOF, replies with the 32-byte SHA-256 and the byte count. */
  static void sink(SessionStream stream) throws Exception {
    sink(new java.util.concurrent.atomic.AtomicLong()).onStream(stream);
  }

  /** A {@link #sink} that adds every byte it reads to {@code progress}. */
  static StreamHandler sink(java.util.concurrent.atomic.AtomicLong progress) {
    return stream -> sinkCounting(stream, progress);
  }

  private static void sinkCounting(
      SessionStream stream, java.util.concurrent.atomic.AtomicLong progress) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    InputStream in = stream.inputStream();
    byte[] buffer = new byte[CHUNK];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      sha.update(buffer, 0, n);
      total += n;
      progress.addAndGet(n);
    }
    OutputStream out = stream.outputStream();
    out.write(sha.digest());
    out.write(java.nio.ByteBuffer.allocate(8).putLong(total).array());
    out.close();
  }

  /** The result of one transfer: what was sent and what the peer saw. */
  record Result(byte[] sent, byte[] received, long receivedBytes, long nanos) {
    boolean intact(long bytes) {
      return MessageDigest.isEqual(sent, received) && receivedBytes == bytes;
    }
  }

  /** Sends {@code bytes} of seeded data to a {@link #sink} listener on {@code key}. */
  static Result send(Sessions from, PublicKey key, long bytes, long seed) throws Exception {
    SessionStream stream = from.dial(key, SINK).get(20, TimeUnit.SECONDS);
    long start = System.nanoTime();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    SplittableRandom random = new SplittableRandom(seed);
    byte[] chunk = new byte[CHUNK];
    OutputStream out = stream.outputStream();
    for (long left = bytes; left > 0; ) {
      int n = (int) Math.min(CHUNK, left);
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          chunk[i + j] = (byte) (v >>> (8 * j));
        }
      }
      sha.update(chunk, 0, n);
      out.write(chunk, 0, n);
      left -= n;
    }
    out.close();
    DataInputStream in = new DataInputStream(stream.inputStream());
    byte[] received = new byte[32];
    in.readFully(received);
    long count = in.readLong();
    long nanos = System.nanoTime() - start;
    stream.close();
    return new Result(sha.digest(), received, count, nanos);
  }
}
