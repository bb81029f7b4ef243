package dev.conifer.transport.frame;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An NIO view of the decoder's cumulation, made once per buffer instead of once per frame. With
 * Netty's adaptive allocator every {@code internalNioBuffer} call slices a new {@code
 * DirectByteBuffer}; JFR showed that allocation at 9% of a relay's CPU. The view is our own object
 * (never Netty's internal one), and it is re-made whenever the buffer, its memory or its capacity
 * changes, so a pooled buffer object reused for other memory cannot be read through a stale view.
 */
final class CumulationView {
  private ByteBuf owner;
  private long address;
  private byte[] array;
  private int arrayOffset;
  private int capacity;
  private ByteBuffer view;
  private int base; // the view's position for buffer index 0

  /**
   * The view over all of {@code buffer}'s readable bytes (position = reader index, limit = writer
   * index, both shifted by {@link #base}), or null if the buffer has no single contiguous view.
   */
  ByteBuffer of(ByteBuf buffer) {
    if (!matches(buffer) && !remake(buffer)) {
      return null;
    }
    view.limit(base + buffer.writerIndex()).position(base + buffer.readerIndex());
    return view;
  }

  /** Where buffer index 0 lies in the view returned by {@link #of}. */
  int base() {
    return base;
  }

  /** Drops the view, so that it does not keep a released buffer's memory reachable. */
  void clear() {
    owner = null;
    array = null;
    view = null;
  }

  private boolean matches(ByteBuf buffer) {
    if (buffer != owner || buffer.capacity() != capacity) {
      return false;
    }
    return buffer.hasMemoryAddress()
        ? buffer.memoryAddress() == address
        : buffer.hasArray()
            && buffer.array() == array
            && array != null
            && buffer.arrayOffset() == arrayOffset;
  }

  private boolean remake(ByteBuf buffer) {
    clear();
    if (buffer.nioBufferCount() != 1 || !(buffer.hasMemoryAddress() || buffer.hasArray())) {
      return false;
    }
    ByteBuffer made = buffer.nioBuffer(0, buffer.capacity()).order(ByteOrder.BIG_ENDIAN);
    owner = buffer;
    capacity = buffer.capacity();
    if (buffer.hasMemoryAddress()) {
      address = buffer.memoryAddress();
    } else {
      array = buffer.array();
      arrayOffset = buffer.arrayOffset();
    }
    view = made;
    base = made.position();
    return true;
  }
}
