package dev.conifer.sync.entry;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.wire.ByteReader;
import dev.conifer.sync.wire.ByteWriter;
import dev.conifer.sync.wire.SyncFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a peer wants from one namespace: key prefixes (none means every key) and a time range
 * [fromUs, toUs). Only entries that match move in either direction.
 */
public record Interest(PublicKey namespace, List<byte[]> prefixes, long fromUs, long toUs) {
  public static final int PREFIX_COUNT_MAX = 64;

  public Interest {
    prefixes = List.copyOf(prefixes);
    if (prefixes.size() > PREFIX_COUNT_MAX || fromUs < 0 || toUs < fromUs) {
      throw new IllegalArgumentException("interest has too many prefixes or a bad time range");
    }
    for (byte[] p : prefixes) {
      if (p.length > Entry.KEY_LENGTH_MAX) {
        throw new IllegalArgumentException("interest prefix longer than a key");
      }
    }
  }

  public static Interest all(PublicKey namespace) {
    return new Interest(namespace, List.of(), 0, Long.MAX_VALUE);
  }

  public static Interest prefix(PublicKey namespace, byte[] prefix) {
    return new Interest(namespace, List.of(prefix), 0, Long.MAX_VALUE);
  }

  /** Nothing at all (an empty time range): two interests with no key in common. */
  public static Interest none(PublicKey namespace) {
    return new Interest(namespace, List.of(), 0, 0);
  }

  /**
   * What both want: the keys under a prefix of each (the longer of two nested prefixes), in the
   * overlap of the time ranges. Every entry matching the result matches both.
   */
  public Interest intersect(Interest other) {
    if (!namespace.equals(other.namespace)) {
      return none(namespace);
    }
    long from = Math.max(fromUs, other.fromUs);
    long to = Math.min(toUs, other.toUs);
    if (to <= from) {
      return none(namespace);
    }
    if (prefixes.isEmpty() || other.prefixes.isEmpty()) {
      return new Interest(namespace, prefixes.isEmpty() ? other.prefixes : prefixes, from, to);
    }
    List<byte[]> both = new ArrayList<>();
    for (byte[] a : prefixes) {
      for (byte[] b : other.prefixes) {
        byte[] longer = a.length >= b.length ? a : b;
        byte[] shorter = longer == a ? b : a;
        if (startsWith(longer, shorter) && both.stream().noneMatch(p -> Arrays.equals(p, longer))) {
          both.add(longer);
        }
      }
    }
    if (both.isEmpty()) {
      return none(namespace);
    }
    // Past the bound, fewer prefixes want less: still inside both.
    return new Interest(
        namespace, both.subList(0, Math.min(both.size(), PREFIX_COUNT_MAX)), from, to);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /**
   * True if the entry at {@code key} and {@code timestampUs} is wanted. Reserved keys ({@link
   * Revocations}) are in every interest, so revocations reach every replica.
   */
  public boolean matches(PublicKey ns, byte[] key, long timestampUs) {
    if (namespace.equals(ns) && Revocations.isReserved(key)) {
      return true;
    }
    if (!namespace.equals(ns) || timestampUs < fromUs || timestampUs >= toUs) {
      return false;
    }
    if (prefixes.isEmpty()) {
      return true;
    }
    for (byte[] p : prefixes) {
      if (startsWith(key, p)) {
        return true;
      }
    }
    return false;
  }

  public boolean matches(Entry entry) {
    return matches(entry.namespace(), entry.key(), entry.timestampUs());
  }

  public void encode(ByteWriter out) {
    out.bytes(namespace.toBytes()).varint(prefixes.size());
    for (byte[] p : prefixes) {
      out.blob(p);
    }
    out.i64(fromUs).i64(toUs);
  }

  public static Interest decode(ByteReader in) throws SyncFormatException {
    PublicKey ns = PublicKey.of(in.bytes(32));
    int n = in.count(PREFIX_COUNT_MAX);
    List<byte[]> prefixes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      prefixes.add(in.blob(Entry.KEY_LENGTH_MAX));
    }
    long from = in.i64();
    long to = in.i64();
    if (from < 0 || to < from) {
      throw new SyncFormatException("interest time range invalid");
    }
    return new Interest(ns, prefixes, from, to);
  }
}
