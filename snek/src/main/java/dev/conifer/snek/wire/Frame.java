package dev.conifer.snek.wire;

/** A decoded frame (the "repr"). {@link FrameCodec} turns bytes into these and back. */
public sealed interface Frame
    permits KeepaliveFrame,
        TreeAnnouncementFrame,
        BootstrapFrame,
        TrafficFrame,
        WakeupBroadcastFrame,
        UnknownFrame {
  /** The type, or null for {@link UnknownFrame}. */
  FrameType type();
}
