package dev.conifer.sync.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Message types of {@code conifer-sync/1} and their length-prefixed framing on a stream: u32
 * length, then a type byte and the body. Frames longer than {@link #FRAME_LENGTH_MAX} are refused.
 */
public final class SyncMessages {
  public static final String ALPN = "conifer-sync/1";
  public static final int VERSION = 1;
  public static final int HELLO = 1;
  public static final int WELCOME = 2;
  public static final int REFUSED = 3;
  public static final int RECONCILE = 4;
  public static final int ENTRIES = 5;
  public static final int DONE = 6;
  public static final int FRAME_LENGTH_MAX = 1 << 20;
  public static final int FRAME_HEADER_LENGTH = 4;

  private SyncMessages() {}

  public static byte[] refused(String reason) {
    return new ByteWriter().u8(REFUSED).blob(reason.getBytes(StandardCharsets.UTF_8)).toArray();
  }

  public static byte[] withType(int type, byte[] body) {
    return new ByteWriter().u8(type).bytes(body).toArray();
  }

  public static void writeFrame(OutputStream out, byte[] message) throws IOException {
    int n = message.length;
    out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    out.write(message);
  }

  /** Reads one frame; null on a clean end of stream before a header. */
  public static byte[] readFrame(InputStream in) throws IOException {
    byte[] header = in.readNBytes(FRAME_HEADER_LENGTH);
    if (header.length == 0) {
      return null;
    }
    if (header.length < FRAME_HEADER_LENGTH) {
      throw new EOFException("stream ended inside a frame header");
    }
    int n =
        ((header[0] & 0xff) << 24)
            | ((header[1] & 0xff) << 16)
            | ((header[2] & 0xff) << 8)
            | (header[3] & 0xff);
    if (n <= 0 || n > FRAME_LENGTH_MAX) {
      throw new IOException("sync frame length out of range: " + n);
    }
    byte[] body = in.readNBytes(n);
    if (body.length < n) {
      throw new EOFException("stream ended inside a frame");
    }
    return body;
  }
}
