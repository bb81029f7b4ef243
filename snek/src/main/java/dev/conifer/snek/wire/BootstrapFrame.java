package dev.conifer.snek.wire;

import java.util.Arrays;

/**
 * Type 2: a bootstrap, routed towards the bootstrapper's successor. {@code destinationKey} is the
 * bootstrapping node's own key. The payload stays raw here: Go drops a bootstrap whose payload does
 * not parse without disconnecting, so the router parses it with {@link SignedRootPayload#decode}.
 */
public record BootstrapFrame(PublicKey destinationKey, Watermark watermark, byte[] payload)
    implements Frame {
  @Override
  public FrameType type() {
    return FrameType.BOOTSTRAP;
  }

  public BootstrapFrame withWatermark(Watermark next) {
    return new BootstrapFrame(destinationKey, next, payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BootstrapFrame f
        && f.destinationKey.equals(destinationKey)
        && f.watermark.equals(watermark)
        && Arrays.equals(f.payload, payload);
  }

  @Override
  public int hashCode() {
    return destinationKey.hashCode() * 31 + Arrays.hashCode(payload);
  }
}
