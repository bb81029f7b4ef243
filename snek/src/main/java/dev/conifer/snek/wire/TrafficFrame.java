package dev.conifer.snek.wire;

import java.util.Arrays;

/**
 * Type 3, the only traffic. Tree-routed when {@code destination} coordinates are set, SNEK-routed
 * when they are empty, and only then is the watermark on the wire (§4.2); otherwise it reads as
 * {@link Watermark#NONE}.
 */
public record TrafficFrame(
    int hopLimit,
    Coordinates destination,
    Coordinates source,
    PublicKey destinationKey,
    PublicKey sourceKey,
    Watermark watermark,
    byte[] payload)
    implements Frame {
  /** Go originates traffic with this hop limit; always use it for interop (§8.5). */
  public static final int HOP_LIMIT_ORIGIN = 10;

  @Override
  public FrameType type() {
    return FrameType.TRAFFIC;
  }

  public boolean isTreeRouted() {
    return !destination.isRoot();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrafficFrame f
        && f.hopLimit == hopLimit
        && f.destination.equals(destination)
        && f.source.equals(source)
        && f.destinationKey.equals(destinationKey)
        && f.sourceKey.equals(sourceKey)
        && f.watermark.equals(watermark)
        && Arrays.equals(f.payload, payload);
  }

  @Override
  public int hashCode() {
    return destinationKey.hashCode() * 31 + Arrays.hashCode(payload);
  }
}
