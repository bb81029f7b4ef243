package dev.conifer.snek.wire;

/** Type 0: no body; it only proves the link is alive. */
public record KeepaliveFrame() implements Frame {
  public static final KeepaliveFrame INSTANCE = new KeepaliveFrame();

  @Override
  public FrameType type() {
    return FrameType.KEEPALIVE;
  }
}
