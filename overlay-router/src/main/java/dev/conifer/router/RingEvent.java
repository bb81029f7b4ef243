package dev.conifer.router;

import dev.conifer.router.spi.Link;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One pre-allocated slot of the inbound ring: what a transport or API thread hands the router
 * thread. Frame and payload bytes are copied once into the slot's own array, which grows up to
 * {@link #RETAINED_LENGTH_MAX} and is reused; rarer bigger frames get a one-off array, so a ring of
 * 4096 slots never pins 4096 × 64 KiB.
 */
final class RingEvent {
  enum Kind {
    NONE,
    ATTACH,
    FRAME,
    WRITABLE,
    CLOSED,
    SEND,
    STATUS
  }

  /** The smallest array a slot keeps: a keepalive or an announcement fits. */
  static final int MIN_LENGTH = 256;

  static final int RETAINED_LENGTH_MAX = 4096;

  Kind kind = Kind.NONE;
  int port;
  long generation;

  // One field per kind that needs it: RingInput fills them, RingDispatcher reads them.
  PeerInfo info; // ATTACH
  Link link; // ATTACH
  String reason; // CLOSED
  PublicKey destination; // SEND
  CompletableFuture<RouterStatus> status; // STATUS

  int length;

  // Slots get an array on first use, sized to need: a hosted router, whose links bypass the
  // ring, and an idle one never pay 4096 slots x 2 KiB up front.
  private ByteBuffer retainedView = ByteBuffer.allocate(0);
  private ByteBuffer view = retainedView;

  /** Copies {@code source}'s remaining bytes without moving its position. */
  void copyFrom(ByteBuffer source) {
    int n = source.remaining();
    if (n <= retainedView.capacity()) {
      view = retainedView;
    } else if (n <= RETAINED_LENGTH_MAX) {
      retainedView = ByteBuffer.allocate(Math.min(RETAINED_LENGTH_MAX, grownLength(n)));
      view = retainedView;
    } else {
      view = ByteBuffer.allocate(n);
    }
    source.get(source.position(), view.array(), 0, n);
    length = n;
  }

  /** The next power of two at or above {@code n}, at least {@link #MIN_LENGTH}. */
  private static int grownLength(int n) {
    return Math.max(MIN_LENGTH, Integer.highestOneBit(n - 1) << 1);
  }

  /** The copied bytes, from position 0 to {@link #length}; valid until {@link #clear}. */
  ByteBuffer bytes() {
    view.clear();
    view.limit(length);
    return view;
  }

  void clear() {
    kind = Kind.NONE;
    info = null;
    link = null;
    reason = null;
    destination = null;
    status = null;
    length = 0;
    view = retainedView;
  }
}
