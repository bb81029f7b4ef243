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

  public boolean matches(PublicKey ns, byte[] key, long timestampUs) {
    if (!namespace.equals(ns) || timestampUs < fromUs || timestampUs >= toUs) {
      return false;
    }
    if (prefixes.isEmpty()) {
      return true;
    }
    for (byte[] p : prefixes) {
      if (key.length >= p.length && Arrays.equals(key, 0, p.length, p, 0, p.length)) {
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
