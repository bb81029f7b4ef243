package dev.conifer.snek.snake;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.Watermark;

/**
 * One snake path, installed by a bootstrap from {@code originKey} (PROTOCOL.md §7.3): it arrived on
 * {@code sourcePort} and went on to {@code destinationPort} (NO_PORT at the path's end).
 */
public record RouteEntry(
    PublicKey originKey,
    int sourcePort,
    int destinationPort,
    long lastSeenNs,
    Root root,
    Watermark watermark) {

  /** Valid while younger than the expiry (two bootstrap intervals). */
  public boolean isValid(long nowNs, long expiryNs) {
    return nowNs - lastSeenNs < expiryNs;
  }
}
