package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps public keys to synthetic IPv6 socket addresses ({@code fd} + 15 bytes of SHA-256(key), a
 * fixed port) so Netty's QUIC codec, which wants resolved addresses, can run over the overlay. The
 * reverse map holds only keys we dialled or heard from, and is bounded.
 */
final class SyntheticAddresses {
  static final int PORT = 4433;
  private static final int REVERSE_MAX = 65_536;

  private final ConcurrentHashMap<InetSocketAddress, PublicKey> reverse = new ConcurrentHashMap<>();
  // Every received datagram needs its sender's address: cache it rather than hash per packet.
  private final ConcurrentHashMap<PublicKey, InetSocketAddress> forward = new ConcurrentHashMap<>();

  /** The address of {@code key}, remembered for the reverse lookup. */
  InetSocketAddress addressOf(PublicKey key) {
    InetSocketAddress known = forward.get(key);
    if (known != null) {
      return known;
    }
    InetSocketAddress address = compute(key);
    if (forward.size() >= REVERSE_MAX) {
      // Rare: only live peers matter, and they are re-added on their next datagram.
      forward.clear();
      reverse.clear();
    }
    reverse.putIfAbsent(address, key);
    forward.putIfAbsent(key, address);
    return address;
  }

  /** The key behind {@code address}, or null if it was never seen. */
  PublicKey keyOf(InetSocketAddress address) {
    return reverse.get(address);
  }

  static InetSocketAddress compute(PublicKey key) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(key.toBytes());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
    byte[] ip = new byte[16];
    ip[0] = (byte) 0xfd;
    System.arraycopy(digest, 0, ip, 1, 15);
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), PORT);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes is always a valid IPv6 address", e);
    }
  }
}
