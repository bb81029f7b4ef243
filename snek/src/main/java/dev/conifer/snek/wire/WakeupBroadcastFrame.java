package dev.conifer.snek.wire;

/** Type 4: a limited flood announcing that {@code sourceKey} is nearby (§9). */
public record WakeupBroadcastFrame(int hopLimit, PublicKey sourceKey, SignedRootPayload payload)
    implements Frame {
  public static final int HOP_LIMIT_ORIGIN = 5;

  @Override
  public FrameType type() {
    return FrameType.WAKEUP_BROADCAST;
  }
}
