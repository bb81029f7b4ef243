package dev.conifer.sync;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.entry.Blake3;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.wire.SyncFormatException;
import java.net.URI;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.util.encoders.Base32;

/**
 * A namespace ticket, one copy-pasteable string: {@code nsticket} then lowercase base32 (RFC 4648,
 * no padding) of {@code payload || checksum}, the checksum being the first 4 bytes of BLAKE3 of
 * {@code "nsticket" || payload}. The payload (version 1): version u8, namespace[32], grantLength
 * u16, grant, ticketSeed[32], sharer[32], hintCount u8, then per hint a length u8 and a UTF-8 URI.
 *
 * <p>The grant is issued to the ticket's own key, whose seed travels in the ticket: it is a
 * <b>bearer</b> capability. Whoever holds the string can join until the grant expires, by passing
 * the grant on from the ticket key to its own node key ({@link #grantFor}).
 */
public record NamespaceTicket(
    PublicKey namespace, Grant grant, byte[] ticketSeed, PublicKey sharer, List<URI> hints) {
  public static final String PREFIX = "nsticket";

  /** Every reason a ticket is refused for (the counters' labels). */
  public static final java.util.List<String> REFUSAL_REASONS =
      java.util.List.of(
          "wrong-kind",
          "malformed",
          "bad-checksum",
          "unknown-version",
          "bad-signature",
          "expired",
          "own-ticket");

  public static final int HINT_COUNT_MAX = 8;
  private static final int VERSION = 1;
  private static final int CHECKSUM_LENGTH = 4;
  private static final int ENCODED_LENGTH_MAX = 4096;

  /** Why a ticket was refused: a short reason (counted under it) and a one-line message. */
  public static final class RefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public RefusedException(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    /** e.g. {@code bad-checksum}, {@code expired}, {@code wrong-kind}. */
    public String reason() {
      return reason;
    }
  }

  public NamespaceTicket {
    ticketSeed = ticketSeed.clone();
    hints = List.copyOf(hints.subList(0, Math.min(hints.size(), HINT_COUNT_MAX)));
  }

  @Override
  public byte[] ticketSeed() {
    return ticketSeed.clone();
  }

  /** The ticket key's public half: the grantee of {@link #grant}. */
  public PublicKey ticketKey() {
    return Ed25519.signerFromSeed(ticketSeed).publicKey();
  }

  /** The string to share. */
  public String encode() {
    ByteBuffer out = ByteBuffer.allocate(ENCODED_LENGTH_MAX);
    out.put((byte) VERSION);
    namespace.put(out);
    byte[] g = grant.encode();
    out.putShort((short) g.length).put(g);
    out.put(ticketSeed);
    sharer.put(out);
    List<byte[]> uris = new ArrayList<>();
    for (URI hint : hints) {
      byte[] bytes = hint.toString().getBytes(StandardCharsets.UTF_8);
      if (bytes.length <= 255) {
        uris.add(bytes);
      }
    }
    out.put((byte) uris.size());
    uris.forEach(u -> out.put((byte) u.length).put(u));
    byte[] payload = Arrays.copyOf(out.array(), out.position());
    byte[] whole = Arrays.copyOf(payload, payload.length + CHECKSUM_LENGTH);
    System.arraycopy(checksum(payload), 0, whole, payload.length, CHECKSUM_LENGTH);
    return PREFIX + Base32.toBase32String(whole).replace("=", "").toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a ticket string and checks it at {@code nowEpochSec}: kind, checksum, version, the
   * grant's signatures and expiry. Throws {@link RefusedException} naming the problem.
   */
  public static NamespaceTicket decode(String text, long nowEpochSec) {
    String s = text.strip();
    if (!s.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
      int end = s.toLowerCase(Locale.ROOT).indexOf("ticket");
      String kind = end > 0 && end < 24 ? s.substring(0, end + "ticket".length()) : "";
      throw new RefusedException(
          "wrong-kind",
          "not a namespace ticket: it should start with '"
              + PREFIX
              + "'"
              + (kind.isEmpty() ? "" : ", this one starts with '" + kind + "'"));
    }
    String body = s.substring(PREFIX.length()).toUpperCase(Locale.ROOT);
    if (body.length() > ENCODED_LENGTH_MAX * 2) {
      throw new RefusedException(
          "malformed", "namespace ticket too long: " + s.length() + " chars");
    }
    byte[] whole;
    try {
      whole = Base32.decode(body + "=".repeat((8 - body.length() % 8) % 8));
    } catch (RuntimeException e) {
      throw new RefusedException(
          "malformed", "namespace ticket is not base32 (cut off or mistyped?)");
    }
    if (whole.length < 1 + CHECKSUM_LENGTH) {
      throw new RefusedException("malformed", "namespace ticket too short");
    }
    byte[] payload = Arrays.copyOf(whole, whole.length - CHECKSUM_LENGTH);
    byte[] sum = Arrays.copyOfRange(whole, payload.length, whole.length);
    if (!Arrays.equals(sum, checksum(payload))) {
      throw new RefusedException(
          "bad-checksum", "namespace ticket has a bad checksum (cut off or mistyped?)");
    }
    NamespaceTicket ticket = parse(payload);
    if (!ticket.grant.allows(
        ticket.namespace, ticket.ticketKey(), ticket.grant.mode(), Ed25519.VERIFIER)) {
      throw new RefusedException(
          "bad-signature", "namespace ticket's capability is not signed by the namespace");
    }
    if (nowEpochSec >= ticket.grant.expiresEpochSec()) {
      throw new RefusedException(
          "expired",
          "namespace ticket expired at "
              + java.time.Instant.ofEpochSecond(ticket.grant.expiresEpochSec())
              + "; ask for a new one");
    }
    return ticket;
  }

  private static NamespaceTicket parse(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    try {
      int version = in.get() & 0xff;
      if (version != VERSION) {
        throw new RefusedException(
            "unknown-version",
            "namespace ticket version " + version + " is not known here; upgrade conifer");
      }
      PublicKey ns = Grant.readKey(in);
      int grantLength = in.getShort() & 0xffff;
      byte[] g = new byte[grantLength];
      in.get(g);
      Grant grant = Grant.decode(g);
      byte[] seed = new byte[32];
      in.get(seed);
      PublicKey sharer = Grant.readKey(in);
      int n = in.get() & 0xff;
      List<URI> hints = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] uri = new byte[in.get() & 0xff];
        in.get(uri);
        hints.add(URI.create(new String(uri, StandardCharsets.UTF_8)));
      }
      if (in.hasRemaining() || !grant.namespace().equals(ns) || grant.legacy()) {
        throw new RefusedException("malformed", "namespace ticket's contents do not fit together");
      }
      return new NamespaceTicket(ns, grant, seed, sharer, hints);
    } catch (BufferUnderflowException | SyncFormatException | IllegalArgumentException e) {
      if (e instanceof RefusedException r) {
        throw r;
      }
      throw new RefusedException("malformed", "namespace ticket is malformed: " + e.getMessage());
    }
  }

  /** Passes the ticket's grant on to {@code node}: the grant a joining node keeps. */
  public Grant grantFor(PublicKey node) {
    Signer ticketSigner = Ed25519.signerFromSeed(ticketSeed);
    return Grant.delegate(ticketSigner, grant, node, grant.mode(), Grant.NEVER);
  }

  private static byte[] checksum(byte[] payload) {
    byte[] prefix = PREFIX.getBytes(StandardCharsets.US_ASCII);
    byte[] message = Arrays.copyOf(prefix, prefix.length + payload.length);
    System.arraycopy(payload, 0, message, prefix.length, payload.length);
    return Arrays.copyOf(Blake3.hash(message), CHECKSUM_LENGTH);
  }
}
