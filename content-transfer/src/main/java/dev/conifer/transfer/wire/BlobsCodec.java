package dev.conifer.transfer.wire;

import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.GroupRanges;
import dev.conifer.transfer.replicate.Replicator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encode and decode of {@code conifer-blobs/1} frames: {@code type u8 | length u32 | payload}. All
 * integers are big-endian. See docs/CONTENT.md for the message table.
 */
public final class BlobsCodec {
  public static final String ALPN = "conifer-blobs/1";
  public static final int HEADER_LENGTH = 5;

  public static final byte GET = 0x01;
  public static final byte HAVE = 0x02;
  public static final byte ANNOUNCE = 0x03;
  public static final byte LIST = 0x04;
  public static final byte NOTICE = 0x05;
  public static final byte SIZE = (byte) 0x81;
  public static final byte PARENT = (byte) 0x82;
  public static final byte GROUP = (byte) 0x83;
  public static final byte DONE = (byte) 0x84;
  public static final byte HAVE_REPLY = (byte) 0x85;
  public static final byte ERROR = (byte) 0x86;
  public static final byte LIST_PAGE = (byte) 0x87;

  public static final int PARENT_LENGTH = 64;
  public static final int GROUP_INDEX_LENGTH = 8;
  public static final int ERROR_MESSAGE_LENGTH_MAX = 200;
  public static final int HAVE_RANGES_MAX = 1024;
  public static final int ANNOUNCE_COUNT_MAX = 256;

  /** The largest payload any frame may carry: a group with its index. */
  public static final int PAYLOAD_LENGTH_MAX = GROUP_INDEX_LENGTH + BlobTree.GROUP_LENGTH;

  private BlobsCodec() {}

  /** A decoded GET request: byte ranges {@code offsets[i], lengths[i]}. */
  public record GetRequest(BlobHash hash, long[] offsets, long[] lengths) {}

  public static ByteBuffer encodeGet(BlobHash hash, long[] offsets, long[] lengths) {
    ByteBuffer b = header(GET, 32 + 2 + 16 * offsets.length);
    b.put(hash.bytes()).putShort((short) offsets.length);
    for (int i = 0; i < offsets.length; i++) {
      b.putLong(offsets[i]).putLong(lengths[i]);
    }
    return b.flip();
  }

  /** Decodes a GET payload, or throws {@link BlobsException} (BAD_REQUEST) when malformed. */
  public static GetRequest decodeGet(ByteBuffer p, int rangeCountMax) throws BlobsException {
    if (p.remaining() < 34) {
      throw new BlobsException(BlobsError.BAD_REQUEST, "GET shorter than 34 bytes");
    }
    BlobHash hash = readHash(p);
    int n = p.getShort() & 0xFFFF;
    if (n == 0 || n > rangeCountMax) {
      throw new BlobsException(
          BlobsError.BAD_REQUEST, "GET range count " + n + " not in 1.." + rangeCountMax);
    }
    if (p.remaining() != 16 * n) {
      throw new BlobsException(BlobsError.BAD_REQUEST, "GET length does not match range count");
    }
    long[] offsets = new long[n];
    long[] lengths = new long[n];
    for (int i = 0; i < n; i++) {
      offsets[i] = p.getLong();
      lengths[i] = p.getLong();
      if (offsets[i] < 0 || lengths[i] <= 0 || offsets[i] + lengths[i] < 0) {
        throw new BlobsException(BlobsError.BAD_REQUEST, "GET range " + i + " is invalid");
      }
    }
    return new GetRequest(hash, offsets, lengths);
  }

  public static ByteBuffer encodeHave(BlobHash hash) {
    return header(HAVE, 32).put(hash.bytes()).flip();
  }

  public static BlobHash decodeHave(ByteBuffer p) throws BlobsException {
    if (p.remaining() != 32) {
      throw new BlobsException(BlobsError.BAD_REQUEST, "HAVE must carry exactly a 32-byte hash");
    }
    return readHash(p);
  }

  /** Pins the sender keeps (hash, size), for peers that replicate it. */
  public static ByteBuffer encodeAnnounce(List<Replicator.Announced> pins) {
    if (pins.size() > ANNOUNCE_COUNT_MAX) {
      throw new IllegalArgumentException("at most " + ANNOUNCE_COUNT_MAX + " pins per ANNOUNCE");
    }
    ByteBuffer b = header(ANNOUNCE, 2 + 40 * pins.size()).putShort((short) pins.size());
    for (Replicator.Announced a : pins) {
      b.put(a.hash().bytes()).putLong(a.size());
    }
    return b.flip();
  }

  public static List<Replicator.Announced> decodeAnnounce(ByteBuffer p) throws BlobsException {
    if (p.remaining() < 2) {
      throw new BlobsException(BlobsError.BAD_REQUEST, "ANNOUNCE too short");
    }
    int n = p.getShort() & 0xFFFF;
    if (n > ANNOUNCE_COUNT_MAX || p.remaining() != 40 * n) {
      throw new BlobsException(BlobsError.BAD_REQUEST, "ANNOUNCE length does not match count");
    }
    List<Replicator.Announced> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BlobHash h = readHash(p);
      long size = p.getLong();
      if (size < 0) {
        throw new BlobsException(BlobsError.BAD_REQUEST, "ANNOUNCE size is negative");
      }
      out.add(new Replicator.Announced(h, size));
    }
    return out;
  }

  /** A LIST request: page {@code page} of {@code publisher}'s publication list. */
  public record ListRequest(dev.conifer.snek.wire.PublicKey publisher, int page) {}

  public static ByteBuffer encodeList(dev.conifer.snek.wire.PublicKey publisher, int page) {
    ByteBuffer b = header(LIST, 36);
    publisher.put(b);
    return b.putInt(page).flip();
  }

  public static ListRequest decodeList(ByteBuffer p) throws BlobsException {
    if (p.remaining() != 36) {
      throw new BlobsException(BlobsError.BAD_REQUEST, "LIST must carry a key and a page");
    }
    byte[] key = new byte[32];
    p.get(key);
    int page = p.getInt();
    if (page < 0) {
      throw new BlobsException(BlobsError.BAD_REQUEST, "LIST page is negative");
    }
    return new ListRequest(dev.conifer.snek.wire.PublicKey.of(key), page);
  }

  /** A NOTICE: {@code publisher}'s list now has version {@code version} (a hint to pull). */
  public record Notice(dev.conifer.snek.wire.PublicKey publisher, long version) {}

  public static ByteBuffer encodeNotice(dev.conifer.snek.wire.PublicKey publisher, long version) {
    ByteBuffer b = header(NOTICE, 40);
    publisher.put(b);
    return b.putLong(version).flip();
  }

  public static Notice decodeNotice(ByteBuffer p) throws BlobsException {
    if (p.remaining() != 40) {
      throw new BlobsException(BlobsError.BAD_REQUEST, "NOTICE must carry a key and a version");
    }
    byte[] key = new byte[32];
    p.get(key);
    long version = p.getLong();
    if (version < 0) {
      throw new BlobsException(BlobsError.BAD_REQUEST, "NOTICE version is negative");
    }
    return new Notice(dev.conifer.snek.wire.PublicKey.of(key), version);
  }

  /** A LIST_PAGE reply: one signed {@link PublicationPage}, as its publisher encoded it. */
  public static ByteBuffer encodeListPage(byte[] page) {
    return header(LIST_PAGE, page.length).put(page).flip();
  }

  public static ByteBuffer encodeSize(long size) {
    return header(SIZE, 8).putLong(size).flip();
  }

  public static ByteBuffer encodeDone() {
    return header(DONE, 0).flip();
  }

  /** Have reply: size (or -1 when unknown) and the complete group ranges held. */
  public static ByteBuffer encodeHaveReply(long size, GroupRanges ranges) {
    int n = Math.min(ranges.rangeCount(), HAVE_RANGES_MAX);
    ByteBuffer b = header(HAVE_REPLY, 8 + 2 + 16 * n).putLong(size).putShort((short) n);
    for (int i = 0; i < n; i++) {
      b.putLong(ranges.start(i)).putLong(ranges.end(i));
    }
    return b.flip();
  }

  public record HaveReply(long size, GroupRanges ranges) {}

  public static HaveReply decodeHaveReply(ByteBuffer p) throws BlobsException {
    if (p.remaining() < 10) {
      throw new BlobsException(BlobsError.PROTOCOL, "HAVE_REPLY too short");
    }
    long size = p.getLong();
    int n = p.getShort() & 0xFFFF;
    if (n > HAVE_RANGES_MAX || p.remaining() != 16 * n) {
      throw new BlobsException(BlobsError.PROTOCOL, "HAVE_REPLY length does not match");
    }
    long[] pairs = new long[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      pairs[i] = p.getLong();
    }
    for (int i = 0; i < n; i++) {
      if (pairs[2 * i] < 0 || pairs[2 * i + 1] < pairs[2 * i]) {
        throw new BlobsException(BlobsError.PROTOCOL, "HAVE_REPLY range " + i + " is invalid");
      }
    }
    return new HaveReply(size, GroupRanges.ofPairs(pairs));
  }

  public static ByteBuffer encodeError(BlobsError code, String message) {
    byte[] m = message.getBytes(StandardCharsets.UTF_8);
    int len = Math.min(m.length, ERROR_MESSAGE_LENGTH_MAX);
    return header(ERROR, 2 + len).putShort((short) code.code()).put(m, 0, len).flip();
  }

  public static BlobsException decodeError(ByteBuffer p) {
    if (p.remaining() < 2) {
      return new BlobsException(BlobsError.PROTOCOL, "ERROR frame too short");
    }
    BlobsError code = BlobsError.ofCode(p.getShort() & 0xFFFF);
    byte[] m = new byte[Math.min(p.remaining(), ERROR_MESSAGE_LENGTH_MAX)];
    p.get(m);
    return new BlobsException(code, "remote: " + new String(m, StandardCharsets.UTF_8));
  }

  /** Writes the header of a frame into {@code out}; the caller then writes the payload. */
  public static void putHeader(ByteBuffer out, byte type, int payloadLength) {
    out.put(type).putInt(payloadLength);
  }

  private static ByteBuffer header(byte type, int payloadLength) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + payloadLength);
    putHeader(b, type, payloadLength);
    return b;
  }

  private static BlobHash readHash(ByteBuffer p) {
    byte[] h = new byte[32];
    p.get(h);
    return BlobHash.of(h);
  }
}
