package dev.conifer.transport.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * A link's outgoing frames, packed into one pooled direct buffer that lives across flushes: each
 * flush hands the pipeline a retained slice of what was written since the last one, and the NIO
 * view the router writes through is made once per buffer rather than once per batch (making it
 * allocates, and a lightly loaded link flushes after almost every frame). A new buffer, sized from
 * recent batches, starts when this one is full; slices keep the old one alive until Netty has
 * written them. Event loop only.
 */
final class OutboundArena {
  static final int SIZE_MIN = 2 * 1024;
  static final int SIZE_MAX = 64 * 1024;

  /** A new buffer holds about this many batches like the last one. */
  private static final int BATCHES_PER_BUFFER = 16;

  private final ByteBufAllocator alloc;
  private ByteBuf buffer;
  private ByteBuffer view; // buffer's NIO view, made on first claim
  private int viewBase; // view's position for buffer index 0
  private int batchStart; // buffer index where the bytes not yet handed on begin
  private int lastBatchLength;

  OutboundArena(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  /** True if {@code length} more bytes fit without a new buffer. */
  boolean hasRoom(int length) {
    return buffer != null && buffer.capacity() - buffer.writerIndex() >= length;
  }

  /** Starts a new buffer with room for {@code length}; call {@link #takeBatch} first. */
  void renew(int length) {
    release();
    int size = Math.max(length, size());
    buffer = alloc.directBuffer(size, size);
    batchStart = 0;
  }

  private int size() {
    return Math.min(SIZE_MAX, Math.max(SIZE_MIN, BATCHES_PER_BUFFER * lastBatchLength));
  }

  /**
   * After a flush: drops a buffer far bigger than recent batches need (a link that was busy and is
   * now idle), so that idle links hold little; the next write starts a smaller one.
   */
  void shrinkIfIdle() {
    if (buffer != null && buffer.writerIndex() == batchStart && buffer.capacity() > 4 * size()) {
      release();
    }
  }

  /** A view with {@code length} bytes of room from its position, or null if none can be made. */
  ByteBuffer claim(int length) {
    if (view == null) {
      if (buffer.nioBufferCount() != 1) {
        return null;
      }
      view = buffer.internalNioBuffer(0, buffer.capacity());
      viewBase = view.position();
    }
    int at = viewBase + buffer.writerIndex();
    view.clear();
    view.limit(at + length).position(at);
    return view;
  }

  /** The {@code length} bytes written into the claimed view are part of the batch. */
  void commit(int length) {
    buffer.writerIndex(buffer.writerIndex() + length);
  }

  /** Copies {@code frame} (position to limit) into the batch, moving its position to the limit. */
  void write(ByteBuffer frame) {
    if (frame.hasArray()) {
      // From the array: writing a ByteBuffer into the buffer would make an NIO view of it.
      buffer.writeBytes(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
      frame.position(frame.limit());
    } else {
      buffer.writeBytes(frame);
    }
  }

  /** The bytes written since the last call, as a retained slice for the pipeline, or null. */
  ByteBuf takeBatch() {
    if (buffer == null || buffer.writerIndex() == batchStart) {
      return null;
    }
    int length = buffer.writerIndex() - batchStart;
    ByteBuf batch = buffer.retainedSlice(batchStart, length);
    batchStart = buffer.writerIndex();
    lastBatchLength = length;
    return batch;
  }

  /** Drops this link's reference; slices already handed on stay valid. */
  void release() {
    if (buffer != null) {
      buffer.release();
      buffer = null;
      view = null;
    }
  }
}
