package dev.conifer.session;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicConnectionAddress;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Connection IDs that tell which local QUIC endpoint a packet belongs to. Overlay datagrams carry
 * no ports, and one node runs both a QUIC client and a QUIC server, so IDs our client issues carry
 * a keyed 4-byte tag and IDs our server issues carry a tag that never matches. Packets whose
 * destination ID has a valid tag go to the client; all others (including a remote client's random
 * Initial ID) go to the server. A random ID matches with probability 2^-32. The random source is
 * the node's (a {@code SecureRandom}): IDs and the tag key must not be guessable.
 */
final class ConnectionIds {
  static final int LENGTH = 16;
  private static final int BODY = LENGTH - 4;

  private final Random random;
  private final long secret;

  ConnectionIds(Random random) {
    this.random = random;
    this.secret = random.nextLong();
  }

  /** A fresh ID for a connection our client opens. */
  QuicConnectionAddress newClientId() {
    return new QuicConnectionAddress(newClientIdBytes());
  }

  byte[] newClientIdBytes() {
    return newId(true);
  }

  /** Generates server-side IDs (never client-tagged). */
  QuicConnectionIdGenerator serverGenerator() {
    return new QuicConnectionIdGenerator() {
      @Override
      public ByteBuffer newId(int length) {
        return ByteBuffer.wrap(ConnectionIds.this.newId(false));
      }

      @Override
      public ByteBuffer newId(ByteBuffer input, int length) {
        return newId(length);
      }

      @Override
      public int maxConnectionIdLength() {
        return LENGTH;
      }

      @Override
      public boolean isIdempotent() {
        return false;
      }
    };
  }

  private byte[] newId(boolean client) {
    byte[] id = new byte[LENGTH];
    synchronized (random) {
      random.nextBytes(id);
    }
    int tag = tag(id, 0);
    putInt(id, BODY, client ? tag : ~tag);
    return id;
  }

  /**
   * True if the QUIC packet in {@code packet} (readable bytes) is addressed to an ID our client
   * issued.
   */
  boolean isForClient(ByteBuf packet) {
    int start = packet.readerIndex();
    int length = packet.readableBytes();
    if (length < 1) {
      return false;
    }
    int first = packet.getUnsignedByte(start);
    int idStart;
    if ((first & 0x80) != 0) {
      // Long header: flags, version (4), DCID length (1), DCID.
      if (length < 6 + LENGTH || packet.getUnsignedByte(start + 5) != LENGTH) {
        return false;
      }
      idStart = start + 6;
    } else {
      if (length < 1 + LENGTH) {
        return false;
      }
      idStart = start + 1;
    }
    byte[] id = new byte[LENGTH];
    packet.getBytes(idStart, id);
    return getInt(id, BODY) == tag(id, 0);
  }

  private int tag(byte[] id, int offset) {
    // A keyed mix (splitmix64 rounds): not a MAC, only a cheap, unguessable-enough demux mark.
    long h = secret;
    for (int i = 0; i < BODY; i++) {
      h = mix(h ^ (id[offset + i] & 0xff) ^ ((long) i << 8));
    }
    return (int) (h ^ (h >>> 32));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static int getInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }
}
