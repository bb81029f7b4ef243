package dev.conifer.transport.link;

import dev.conifer.router.PeerHandle;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.frame.FrameDecoder;
import io.netty.channel.ChannelPipeline;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every connection of one node shares: our handshake bytes and key, the verifier, the router,
 * the limits and the counters. {@link #install} appends the stream half of a pipeline (decoder and
 * handshake handler); the transport puts its own codecs in front.
 */
public final class LinkSetup {
  private final PeerAttacher attacher;
  private final PublicKey localKey;
  private final Verifier verifier;
  private final byte[] handshake;
  private final LinkLimits limits;
  private final TransportCounters counters;
  private final AtomicInteger pendingHandshakeCount = new AtomicInteger();
  private volatile boolean closing;

  public LinkSetup(
      PeerAttacher attacher,
      Signer signer,
      Verifier verifier,
      LinkLimits limits,
      TransportCounters counters) {
    this.attacher = Objects.requireNonNull(attacher, "attacher");
    this.localKey = signer.publicKey();
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.handshake = Handshake.encode(signer);
    this.limits = Objects.requireNonNull(limits, "limits");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  /**
   * Appends the frame decoder and the handshake handler.
   *
   * @param startOnActive true when the stream is usable as soon as the channel is active (TCP);
   *     false when the transport fires {@link StreamReadyEvent} later (WebSocket)
   * @param result completed with the handle once attached, or exceptionally; may be null
   */
  public void install(
      ChannelPipeline pipeline,
      PeerOrigin origin,
      boolean startOnActive,
      CompletableFuture<PeerHandle> result) {
    pipeline.addLast("frame-decoder", new FrameDecoder(limits.frameLengthMax()));
    pipeline.addLast("handshake", new HandshakeHandler(this, origin, startOnActive, result));
  }

  PeerAttacher attacher() {
    return attacher;
  }

  PublicKey localKey() {
    return localKey;
  }

  Verifier verifier() {
    return verifier;
  }

  /** Our 104 bytes; the same for every peer, never modified. */
  byte[] handshake() {
    return handshake;
  }

  LinkLimits limits() {
    return limits;
  }

  public TransportCounters counters() {
    return counters;
  }

  /** Marks a local shutdown, so links closing from now on say so rather than blame the peer. */
  public void markClosing() {
    closing = true;
  }

  boolean closing() {
    return closing;
  }

  /** Handshakes under way right now, across all event loops. */
  public int pendingHandshakeCount() {
    return pendingHandshakeCount.get();
  }

  /** Takes a slot for a handshake; false when {@code pendingHandshakeCountMax} are under way. */
  boolean tryBeginHandshake() {
    while (true) {
      int count = pendingHandshakeCount.get();
      if (count >= limits.pendingHandshakeCountMax()) {
        return false;
      }
      if (pendingHandshakeCount.compareAndSet(count, count + 1)) {
        return true;
      }
    }
  }

  void endHandshake() {
    pendingHandshakeCount.decrementAndGet();
  }
}
