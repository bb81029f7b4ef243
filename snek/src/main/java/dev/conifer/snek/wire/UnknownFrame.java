package dev.conifer.snek.wire;

/** A well-framed frame of a type this node does not know. Go drops these and keeps the peering. */
public record UnknownFrame(int typeCode) implements Frame {
  @Override
  public FrameType type() {
    return null;
  }
}
