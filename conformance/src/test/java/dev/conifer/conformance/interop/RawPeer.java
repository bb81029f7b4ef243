package dev.conifer.conformance.interop;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The Go side of a peering, in raw bytes. Everything it sends is assembled here by hand from
 * PROTOCOL.md's layouts (and signed with BouncyCastle directly), never with Conifer's codec, so the
 * test checks Conifer against the spec rather than against itself.
 */
final class RawPeer implements AutoCloseable {
  static final HexFormat HEX = HexFormat.of();

  /** A frame as read off the wire: header fields and the body after the 10-byte header. */
  record RawFrame(int type, int hopLimit, byte[] body) {}

  final byte[] seed;
  final byte[] key = new byte[32];
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawPeer(int port, byte seedByte) throws IOException {
    seed = new byte[32];
    Arrays.fill(seed, seedByte);
    Ed25519.generatePublicKey(seed, 0, key, 0);
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  byte[] sign(byte[] message) {
    byte[] signature = new byte[64];
    Ed25519.sign(seed, 0, key, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  static boolean verify(byte[] key, byte[] message, byte[] signature) {
    return Ed25519.verify(signature, 0, key, 0, message, 0, message.length);
  }

  /** §3: version 1, reserved, capabilities 0x3B, key, signature over the first 40 bytes. */
  void sendHandshake() throws IOException {
    byte[] first = concat(bytes(1, 0, 0, 0, 0, 0, 0, 0x3B), key);
    out.write(concat(first, sign(first)));
    out.flush();
  }

  /** Reads the target's 104 handshake bytes and returns its key after checking §3's rules. */
  byte[] readHandshake() throws IOException {
    byte[] h = new byte[104];
    in.readFully(h);
    if (h[0] != 1 || h[4] != 0 || h[5] != 0 || h[6] != 0 || h[7] != 0x3B) {
      throw new AssertionError("bad handshake header " + HEX.formatHex(h, 0, 8));
    }
    byte[] theirKey = Arrays.copyOfRange(h, 8, 40);
    if (!verify(theirKey, Arrays.copyOf(h, 40), Arrays.copyOfRange(h, 40, 104))) {
      throw new AssertionError("handshake signature does not verify");
    }
    return theirKey;
  }

  /** §4.1: magic, version 0, type, extra 0, hop limit, u16 total length; then the body. */
  void sendFrame(int type, int hopLimit, byte[] body) throws IOException {
    int length = 10 + body.length;
    out.write(
        concat(bytes('p', 'i', 'n', 'e', 0, type, 0, hopLimit, length >> 8, length & 0xFF), body));
    out.flush();
  }

  RawFrame readFrame() throws IOException {
    byte[] header = new byte[10];
    in.readFully(header);
    if (header[0] != 'p'
        || header[1] != 'i'
        || header[2] != 'n'
        || header[3] != 'e'
        || header[4] != 0) {
      throw new AssertionError("bad frame header " + HEX.formatHex(header));
    }
    int length = ((header[8] & 0xFF) << 8) | (header[9] & 0xFF);
    byte[] body = new byte[length - 10];
    in.readFully(body);
    return new RawFrame(header[5] & 0xFF, header[7] & 0xFF, body);
  }

  /** The next frame of {@code type}, skipping keepalives and others. */
  RawFrame await(int type) throws IOException {
    for (int i = 0; i < 100; i++) {
      RawFrame f = readFrame();
      if (f.type() == type) {
        return f;
      }
    }
    throw new AssertionError("no frame of type " + type + " in 100 frames");
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] u16(int value) {
    return bytes(value >> 8, value & 0xFF);
  }

  /** §2.1 big-endian base-128, written here from the spec's rule. */
  static byte[] varu64(long value) {
    int groups = 1;
    while (groups < 10 && (value >>> (7 * groups)) != 0) {
      groups++;
    }
    byte[] out = new byte[groups];
    for (int i = 0; i < groups; i++) {
      int shift = 7 * (groups - 1 - i);
      out[i] = (byte) (((value >>> shift) & 0x7F) | (i < groups - 1 ? 0x80 : 0));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
