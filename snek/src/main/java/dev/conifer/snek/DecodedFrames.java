package dev.conifer.snek;

import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.TreeAnnouncementFrame;
import dev.conifer.snek.wire.WakeupBroadcastFrame;

/**
 * Hands a decoded frame (anything but traffic read in place) to the part of the node that handles
 * its type, and says what became of it.
 */
final class DecodedFrames {
  private final Forwarder forwarder;
  private final Tree tree;
  private final Broadcasts broadcasts;

  DecodedFrames(Forwarder forwarder, Tree tree, Broadcasts broadcasts) {
    this.forwarder = forwarder;
    this.tree = tree;
    this.broadcasts = broadcasts;
  }

  FrameVerdict handle(long nowNs, int port, Frame decoded) {
    if (decoded instanceof TrafficFrame t) {
      return forwarder.forwardTraffic(nowNs, port, t);
    }
    if (decoded instanceof BootstrapFrame b) {
      return forwarder.forwardBootstrap(nowNs, port, b);
    }
    forwarder.treeChanged(); // announcements (and anything else) may move the tree
    if (decoded instanceof TreeAnnouncementFrame t) {
      return tree.handleAnnouncement(nowNs, port, t.announcement());
    }
    if (decoded instanceof WakeupBroadcastFrame w) {
      return broadcasts.handle(nowNs, port, w);
    }
    return decoded.type() == null ? FrameVerdict.DROPPED_UNKNOWN_TYPE : FrameVerdict.CONSUMED;
  }
}
