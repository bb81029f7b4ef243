package dev.conifer.snek.wire;

/** Type 1: a signed announcement for the receiving peer. */
public record TreeAnnouncementFrame(SwitchAnnouncement announcement) implements Frame {
  @Override
  public FrameType type() {
    return FrameType.TREE_ANNOUNCEMENT;
  }
}
