package dev.conifer.sync.entry;

import dev.conifer.snek.wire.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * The revocations of one namespace: signed entries under the reserved key {@code
 * .conifer/revoked/HEX}, written by the namespace key ({@code sync ns revoke}). {@code HEX} names a
 * grant (its {@link #grantId id}) or a key; a grant chain is revoked when any of its links has a
 * revoked id or a revoked grantee, so revoking a grant also revokes every grant passed on from it.
 * Revocations travel by ordinary sync (every interest includes the reserved keys) and win or lose
 * by the same conflict rule as any entry.
 *
 * @param revokedAtUs revoked target (hex) to the revocation entry's timestamp
 */
public record Revocations(Map<String, Long> revokedAtUs) {
  /** Keys under this prefix are reserved: only the namespace key may write them. */
  public static final String RESERVED_PREFIX = ".conifer/";

  public static final String PREFIX = RESERVED_PREFIX + "revoked/";

  /** The reserved keys as a key range [FROM, TO): TO is the prefix with its '/' raised by one. */
  public static final byte[] RESERVED_FROM = RESERVED_PREFIX.getBytes(StandardCharsets.UTF_8);

  public static final byte[] RESERVED_TO = ".conifer0".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RESERVED = RESERVED_PREFIX.getBytes(StandardCharsets.UTF_8);
  private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.UTF_8);

  public static final Revocations NONE = new Revocations(Map.of());

  public Revocations {
    revokedAtUs = Map.copyOf(revokedAtUs);
  }

  /** A grant's id: BLAKE3 of its encoding (the link and the chain above it), as hex. */
  public static String grantId(Grant grant) {
    return HexFormat.of().formatHex(Blake3.hash(grant.encode()));
  }

  public static boolean isReserved(byte[] key) {
    return startsWith(key, RESERVED);
  }

  /** The key that revokes {@code target} (a grant id or a key, 64 hex digits). */
  public static String key(String targetHex) {
    return PREFIX + targetHex.toLowerCase(java.util.Locale.ROOT);
  }

  /** The revoked target of a revocation key, or null if {@code key} is not a valid one. */
  public static String target(byte[] key) {
    if (!startsWith(key, PREFIX_BYTES) || key.length != PREFIX_BYTES.length + 64) {
      return null;
    }
    String hex = new String(key, PREFIX_BYTES.length, 64, StandardCharsets.US_ASCII);
    return hex.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))
        ? hex
        : null;
  }

  /**
   * When {@code grant}'s chain was revoked (the earliest revocation of any of its links, by id or
   * grantee), in epoch µs; {@link Long#MAX_VALUE} if it was not.
   */
  public long revokedAtUs(Grant grant) {
    long at = Long.MAX_VALUE;
    for (Grant link = grant; link != null && !revokedAtUs.isEmpty(); link = link.parent()) {
      at = Math.min(at, revokedAtUs.getOrDefault(grantId(link), Long.MAX_VALUE));
      at = Math.min(at, revokedAtUs.getOrDefault(link.grantee().toHex(), Long.MAX_VALUE));
    }
    return at;
  }

  /** True if a session presenting {@code grant} must be refused. */
  public boolean revokes(Grant grant) {
    return grant != null && revokedAtUs(grant) != Long.MAX_VALUE;
  }

  /** True if {@code key} itself (a node or author key) was revoked. */
  public boolean revokesKey(PublicKey key) {
    return revokedAtUs.containsKey(key.toHex());
  }

  public int size() {
    return revokedAtUs.size();
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
