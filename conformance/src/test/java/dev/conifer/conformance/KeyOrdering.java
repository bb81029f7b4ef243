package dev.conifer.conformance;

import dev.conifer.snek.wire.PublicKey;
import java.util.Comparator;

/**
 * Go's {@code util.DHTWrappedOrdered} and the sorts built on it (PROTOCOL.md §1). The router never
 * uses them, so they live here only to check the spec's ordering vector against our key order.
 */
final class KeyOrdering {
  private KeyOrdering() {}

  /** True iff exactly the cyclic order a → b → c holds. */
  static boolean dhtWrappedOrdered(PublicKey a, PublicKey b, PublicKey c) {
    boolean ab = a.lessThan(b);
    boolean bc = b.lessThan(c);
    boolean ca = c.lessThan(a);
    return (ab && bc) || (bc && ca) || (ca && ab);
  }

  /** a before b iff {@code dhtWrappedOrdered(target, a, b)}: clockwise from the target. */
  static Comparator<PublicKey> forwardFrom(PublicKey target) {
    return (a, b) -> dhtWrappedOrdered(target, a, b) ? -1 : dhtWrappedOrdered(target, b, a) ? 1 : 0;
  }

  /** a before b iff {@code dhtWrappedOrdered(a, target, b)}: anticlockwise from the target. */
  static Comparator<PublicKey> reverseFrom(PublicKey target) {
    return (a, b) -> dhtWrappedOrdered(a, target, b) ? -1 : dhtWrappedOrdered(b, target, a) ? 1 : 0;
  }

  /** Go's {@code EqualMaskTo}: {@code (a AND m) == (b AND m)} byte-wise. */
  static boolean equalMaskTo(byte[] a, byte[] b, byte[] mask) {
    for (int i = 0; i < mask.length; i++) {
      if ((a[i] & mask[i]) != (b[i] & mask[i])) {
        return false;
      }
    }
    return true;
  }
}
