package dev.conifer.node;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.KeepaliveFrame;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SignedRootPayload;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.TreeAnnouncementFrame;
import dev.conifer.snek.wire.Watermark;
import java.nio.ByteBuffer;
import java.util.Random;

/** What hostile peers send: valid parts built with the wire codecs, then broken on purpose. */
final class HostileBytes {
  private static final int VERSION_OFFSET = 0;
  private static final int CAPABILITIES_LAST_BYTE = 7;

  private HostileBytes() {}

  static byte[] garbage(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    bytes[VERSION_OFFSET] = (byte) 0xEE; // never version 1, whatever the seed
    return bytes;
  }

  static byte[] handshake(Signer signer) {
    return Handshake.encode(signer);
  }

  static byte[] handshakeWithVersion(Signer signer, int version) {
    byte[] bytes = Handshake.encode(signer);
    bytes[VERSION_OFFSET] = (byte) version; // not covered by the signature check order: first
    return bytes;
  }

  static byte[] handshakeWithCapabilities(Signer signer, int lowByte) {
    byte[] bytes = Handshake.encode(signer);
    bytes[CAPABILITIES_LAST_BYTE] = (byte) lowByte;
    return bytes;
  }

  static byte[] handshakeWithBadSignature(Signer signer) {
    byte[] bytes = Handshake.encode(signer);
    bytes[Handshake.LENGTH - 1] ^= 0x01;
    return bytes;
  }

  static byte[] keepalive() {
    return FrameCodec.encode(new KeepaliveFrame());
  }

  /** A bare 10-byte header (magic, version 0, {@code type}) declaring {@code frameLength}. */
  static byte[] header(FrameType type, int frameLength) {
    ByteBuffer buffer = ByteBuffer.allocate(FrameHeader.LENGTH);
    buffer.putInt(FrameHeader.MAGIC).put((byte) FrameHeader.VERSION);
    buffer.put((byte) type.code()).put((byte) 0).put((byte) 0);
    buffer.putShort((short) frameLength);
    return buffer.array();
  }

  /** A tree announcement from {@code signer} as its own root, validly signed. */
  static byte[] announcement(Signer signer, long sequence) {
    SwitchAnnouncement a =
        SwitchAnnouncement.rootOnly(new Root(signer.publicKey(), sequence)).signedFor(1, signer);
    return FrameCodec.encode(new TreeAnnouncementFrame(a));
  }

  /** The same announcement with one bit of its (last) signature flipped. */
  static byte[] announcementWithBadSignature(Signer signer, long sequence) {
    byte[] bytes = announcement(signer, sequence);
    bytes[bytes.length - 1] ^= 0x01;
    return bytes;
  }

  /** A well-formed bootstrap from {@code signer}; the rate limit is checked before its content. */
  static byte[] bootstrap(Signer signer, long sequence) {
    Root root = new Root(signer.publicKey(), 1);
    byte[] payload = SignedRootPayload.sign(sequence, root, signer).toBytes();
    return FrameCodec.encode(new BootstrapFrame(signer.publicKey(), Watermark.NONE, payload));
  }
}
