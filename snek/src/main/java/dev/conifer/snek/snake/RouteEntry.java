package dev.conifer.snek.snake;

import dev.conifer.snek.SnekConfig;
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

  /**
   * Whether a frame carrying a watermark for {@code watermarkKey} may take this route: one that
   * already follows this origin's path until the entry expires, any other only while it is younger
   * than {@code adoptExpiryNs} (§8.1 (d) and {@link SnekConfig#ROUTE_ADOPT_MARGIN_NS}).
   */
  public boolean usableBy(long nowNs, PublicKey watermarkKey, long adoptExpiryNs) {
    return isValid(
        nowNs, originKey.equals(watermarkKey) ? SnekConfig.ROUTE_EXPIRY_NS : adoptExpiryNs);
  }
}
