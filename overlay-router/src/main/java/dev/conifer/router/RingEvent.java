package dev.conifer.router;

import dev.conifer.router.spi.Link;
import java.nio.ByteBuffer;

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

  static final int INITIAL_LENGTH = 2048;
  static final int RETAINED_LENGTH_MAX = 4096;

  Kind kind = Kind.NONE;
  int port;
  long generation;

  /** ATTACH: PeerInfo; CLOSED: reason; SEND: destination key; STATUS: the future. */
  Object ref;

  Link link;
  int length;

  private byte[] retained = new byte[INITIAL_LENGTH];
  private ByteBuffer retainedView = ByteBuffer.wrap(retained);
  private ByteBuffer view = retainedView;

  /** Copies {@code source}'s remaining bytes without moving its position. */
  void copyFrom(ByteBuffer source) {
    int n = source.remaining();
    if (n <= retained.length) {
      view = retainedView;
    } else if (n <= RETAINED_LENGTH_MAX) {
      retained = new byte[RETAINED_LENGTH_MAX];
      retainedView = ByteBuffer.wrap(retained);
      view = retainedView;
    } else {
      view = ByteBuffer.wrap(new byte[n]);
    }
    source.get(source.position(), view.array(), 0, n);
    length = n;
  }

  /** The copied bytes, from position 0 to {@link #length}; valid until {@link #clear}. */
  ByteBuffer bytes() {
    view.clear();
    view.limit(length);
    return view;
  }

  void clear() {
    kind = Kind.NONE;
    ref = null;
    link = null;
    length = 0;
    view = retainedView;
  }
}
