package dev.conifer.snek.route;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Watermark;

/** A reusable next-hop answer, so the forwarding path allocates nothing. */
public final class HopResult {
  int port;
  PublicKey key;
  long sequence;

  public int port() {
    return port;
  }

  /** The watermark key the frame carries onwards. */
  public PublicKey key() {
    return key;
  }

  public long sequence() {
    return sequence;
  }

  public Hop toHop() {
    return new Hop(port, new Watermark(key, sequence));
  }
}
