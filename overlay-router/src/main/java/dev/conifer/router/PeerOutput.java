package dev.conifer.router;

import dev.conifer.router.spi.Link;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.Transmit;
import dev.conifer.snek.wire.FrameHeader;
import java.nio.ByteBuffer;

/**
 * The write side of every peer: puts frames in the peer's bounded queues (counting what they refuse
 * or head-drop), remembers which peers have something to write, and writes to each such link while
 * it is writable, protocol frames first, with one flush per drain. Router thread only.
 */
final class PeerOutput {
  /** What to do when a link throws while being written: the core closes that peering. */
  interface LinkFailure {
    void onLinkError(long nowNs, Peer peer, RuntimeException error);
  }

  private final RouterMetrics metrics;
  private final long keepaliveIntervalNs;
  private final LinkFailure failure;
  private Peer[] dirty = new Peer[4];
  private int dirtyCount;
  private final Transmit transmit = new Transmit();

  /**
   * Reused for transmits that cannot be written through: a copy leaves it to be queued. Grown to
   * need, so that thousands of simulated routers do not each hold 64 KiB.
   */
  private ByteBuffer transmitBuffer = ByteBuffer.allocate(2048);

  PeerOutput(RouterMetrics metrics, long keepaliveIntervalNs, LinkFailure failure) {
    this.metrics = metrics;
    this.keepaliveIntervalNs = keepaliveIntervalNs;
    this.failure = failure;
  }

  /**
   * Hands {@code frame} to {@code peer}'s link at once if nothing is queued and the link is
   * writable (the flush still waits for {@link #flush}), otherwise queues it; drops are counted.
   * Writing through keeps the queues for real backpressure: batching a ring drain into them first
   * would head-drop a single busy flow for no reason.
   */
  void enqueue(Peer peer, byte[] frame, boolean traffic) {
    if (peer.linkError == null && !peer.hasQueued()) {
      try {
        if (peer.link.isWritable()) {
          write(peer, frame);
          markDirty(peer);
          return;
        }
      } catch (RuntimeException e) {
        peer.linkError = e; // Closed from flush(), not from deep inside a SNEK drain.
        markDirty(peer);
        return;
      }
    }
    if (traffic) {
      int dropped = peer.trafficQueue.push(frame);
      if (dropped == FairTrafficQueue.REJECTED) {
        metrics.drop(DropReason.TRAFFIC_QUEUE_FULL);
        return;
      }
      metrics.drop(DropReason.TRAFFIC_HEAD_DROP, dropped);
    } else if (!peer.protocolQueue.tryPush(frame)) {
      metrics.drop(DropReason.PROTOCOL_QUEUE_FULL);
      return;
    }
    markDirty(peer);
  }

  /**
   * The same for a frame in a buffer the router reuses: written through with the link's own copy
   * when nothing is queued, which allocates nothing here; otherwise copied out to be queued.
   */
  void enqueue(Peer peer, ByteBuffer frame, boolean traffic) {
    if (peer.linkError == null && !peer.hasQueued()) {
      try {
        if (peer.link.isWritable()) {
          int typeCode = frame.get(frame.position() + FrameHeader.TYPE_OFFSET) & 0xFF;
          int length = frame.remaining();
          peer.link.write(frame);
          counted(peer, typeCode, length);
          markDirty(peer);
          return;
        }
      } catch (RuntimeException e) {
        peer.linkError = e; // Closed from flush(), not from deep inside a SNEK drain.
        markDirty(peer);
        return;
      }
    }
    byte[] copy = new byte[frame.remaining()];
    frame.get(copy);
    enqueue(peer, copy, traffic);
  }

  /**
   * Moves every frame SNEK has for the links to them: straight into the link's own buffer when it
   * offers one (the one copy of a forwarded frame), else copied into the peer's queues. {@code
   * peers} is indexed by port.
   */
  void takeTransmits(SnekNode snek, Peer[] peers) {
    int length;
    while ((length = snek.nextTransmitLength()) != SnekNode.NOTHING) {
      int port = snek.nextTransmitPort();
      Peer peer = port > 0 && port < peers.length ? peers[port] : null;
      ByteBuffer target = peer == null ? null : claim(peer, length);
      if (target != null) {
        int start = target.position();
        if (!snek.pollTransmit(target, transmit)) {
          throw new IllegalStateException("a claimed buffer had no room for " + length + " bytes");
        }
        committed(peer, transmit.type().code(), target.position() - start);
        continue;
      }
      if (length > transmitBuffer.capacity()) {
        transmitBuffer = ByteBuffer.allocate(Math.min(FrameHeader.FRAME_LENGTH_MAX, 2 * length));
      }
      transmitBuffer.clear();
      if (!snek.pollTransmit(transmitBuffer, transmit)) {
        break; // Cannot happen: the buffer holds the largest frame. Never spin on it.
      }
      transmitBuffer.flip();
      if (peer == null) {
        metrics.drop(DropReason.NO_PEER_FOR_PORT);
      } else {
        enqueue(peer, transmitBuffer, transmit.isTraffic());
      }
    }
  }

  /**
   * A buffer of {@code peer}'s link to write the next frame into directly, when it can be written
   * through now (nothing queued, writable) and the link offers one; else null. Follow with {@link
   * #committed}.
   */
  private ByteBuffer claim(Peer peer, int length) {
    if (peer.linkError != null || peer.hasQueued()) {
      return null;
    }
    try {
      return peer.link.isWritable() ? peer.link.claim(length) : null;
    } catch (RuntimeException e) {
      peer.linkError = e; // Closed from flush(), not from deep inside a SNEK drain.
      markDirty(peer);
      return null;
    }
  }

  /** The frame written into the claimed buffer: hands it to the link and counts it. */
  private void committed(Peer peer, int typeCode, int length) {
    try {
      peer.link.commit(length);
      counted(peer, typeCode, length);
    } catch (RuntimeException e) {
      peer.linkError = e;
    }
    markDirty(peer);
  }

  private void counted(Peer peer, int typeCode, int length) {
    peer.unflushedCount++;
    metrics.frameOut(typeCode, length);
    peer.meters.bytesOut(length);
  }

  /** A queued frame (or a keepalive) to the link: into claimed room if offered, else copied. */
  private void write(Peer peer, byte[] frame) {
    Link link = peer.link;
    ByteBuffer room = link.claim(frame.length);
    if (room != null) {
      room.put(frame);
      link.commit(frame.length);
    } else {
      link.write(ByteBuffer.wrap(frame));
    }
    counted(peer, frame[FrameHeader.TYPE_OFFSET] & 0xFF, frame.length);
  }

  /** {@code peer} may have something to write (new frames, or its link became writable). */
  void markDirty(Peer peer) {
    if (!peer.dirty) {
      peer.dirty = true;
      if (dirtyCount == dirty.length) {
        dirty = java.util.Arrays.copyOf(dirty, 2 * dirtyCount);
      }
      dirty[dirtyCount++] = peer;
    }
  }

  boolean hasPending() {
    return dirtyCount > 0;
  }

  /** Writes to every marked peer that is still attached; returns the number of frames written. */
  int flush(long nowNs) {
    int work = 0;
    int count = dirtyCount;
    for (int i = 0; i < count; i++) {
      Peer peer = dirty[i];
      dirty[i] = null;
      peer.dirty = false;
      if (peer.attached) {
        work += flushPeer(nowNs, peer);
      }
    }
    // A link failure closes a peer, which only queues SNEK output, so nothing is normally added
    // while flushing; keep late additions anyway rather than lose them.
    System.arraycopy(dirty, count, dirty, 0, dirtyCount - count);
    for (int i = dirtyCount - count; i < dirtyCount; i++) {
      dirty[i] = null;
    }
    dirtyCount -= count;
    return work;
  }

  private int flushPeer(long nowNs, Peer peer) {
    int written = peer.unflushedCount;
    try {
      if (peer.linkError != null) {
        throw peer.linkError;
      }
      Link link = peer.link;
      while (link.isWritable()) {
        byte[] frame = peer.pollFrame();
        if (frame == null) {
          break;
        }
        write(peer, frame);
      }
      written = peer.unflushedCount;
      if (written > 0) {
        peer.unflushedCount = 0;
        link.flush();
        peer.lastWriteNs = nowNs;
        peer.keepaliveDueNs = nowNs + keepaliveIntervalNs;
      }
    } catch (RuntimeException e) {
      failure.onLinkError(nowNs, peer, e);
    }
    return written;
  }
}
