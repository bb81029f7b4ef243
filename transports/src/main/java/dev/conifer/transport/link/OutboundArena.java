package dev.conifer.transport.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * A link's outgoing frames, packed into a pooled direct buffer that lives across flushes: each
 * flush hands the pipeline what was written since the last one (the buffer itself, retained, when
 * no earlier batch of it is still being written; else a retained slice), and the NIO view the
 * router writes through is made once per buffer rather than once per batch (making it allocates,
 * and a lightly loaded link flushes after almost every frame).
 *
 * <p>When the buffer is full the arena switches to a second one. The buffer it leaves becomes the
 * spare, and it is used again, view and all, once Netty has written and released every slice of it:
 * a busy link alternates between two buffers and allocates nothing. A new buffer, sized from recent
 * batches, is only taken when the spare is still being written or is the wrong size. Event loop
 * only.
 */
final class OutboundArena {
  static final int SIZE_MIN = 2 * 1024;
  static final int SIZE_MAX = 64 * 1024;

  /** A new buffer holds about this many batches like the last one. */
  private static final int BATCHES_PER_BUFFER = 16;

  private final ByteBufAllocator alloc;
  private Block current;
  private Block spare;
  private int batchStart; // current buffer index where the bytes not yet handed on begin
  private int lastBatchLength;

  /**
   * A buffer and its NIO view, made on first claim. Its capacity and write index are kept here as
   * plain fields: the per-frame checks then make no call on the buffer, whose class differs now and
   * then (Netty's leak detector wraps one buffer in 128), which made the JIT recompile them.
   */
  private static final class Block {
    final ByteBuf buffer;
    final int capacity;
    int written; // the write index; the buffer's own is set when a batch is taken
    ByteBuffer view;
    int viewBase; // the view's position for buffer index 0

    Block(ByteBuf buffer) {
      this.buffer = buffer;
      this.capacity = buffer.capacity();
    }

    /** True once every slice handed on has been released, so the bytes can be overwritten. */
    boolean reusable(int size) {
      return buffer.refCnt() == 1 && capacity >= size && capacity <= 4 * size;
    }
  }

  OutboundArena(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  /** True if {@code length} more bytes fit without a new buffer. */
  boolean hasRoom(int length) {
    Block block = current;
    return block != null && block.capacity - block.written >= length;
  }

  /** Moves to a buffer with room for {@code length}; call {@link #takeBatch} first. */
  void renew(int length) {
    int size = Math.max(length, size());
    Block next;
    if (spare != null && spare.reusable(size)) {
      next = spare;
      next.buffer.clear();
      next.written = 0;
    } else {
      if (spare != null) {
        spare.buffer.release();
      }
      next = new Block(alloc.directBuffer(size, size));
    }
    spare = current;
    current = next;
    batchStart = 0;
  }

  private int size() {
    return Math.min(SIZE_MAX, Math.max(SIZE_MIN, BATCHES_PER_BUFFER * lastBatchLength));
  }

  /**
   * After a flush: drops a buffer far bigger than recent batches need (a link that was busy and is
   * now idle), and the spare with it, so that idle links hold little; the next write starts a
   * smaller one.
   */
  void shrinkIfIdle() {
    if (current != null && current.written == batchStart && current.capacity > 4 * size()) {
      release();
    }
  }

  /** A view with {@code length} bytes of room from its position, or null if none can be made. */
  ByteBuffer claim(int length) {
    Block block = current;
    if (block.view == null) {
      if (block.buffer.nioBufferCount() != 1) {
        return null;
      }
      // Our own view, not Netty's internal one: the buffer itself may be handed to the pipeline
      // (takeBatch), whose write path may use and keep the internal view.
      block.view = block.buffer.nioBuffer(0, block.capacity);
      block.viewBase = block.view.position();
    }
    int at = block.viewBase + block.written;
    ByteBuffer view = block.view;
    view.clear();
    view.limit(at + length).position(at);
    return view;
  }

  /** The {@code length} bytes written into the claimed view are part of the batch. */
  void commit(int length) {
    current.written += length;
  }

  /** Copies {@code frame} (position to limit) into the batch, moving its position to the limit. */
  void write(ByteBuffer frame) {
    int length = frame.remaining();
    ByteBuffer view = claim(length);
    if (view != null) {
      view.put(frame); // through the arena's own view: no NIO view made per frame
      commit(length);
      return;
    }
    Block block = current; // a buffer with no single view (not one the pool hands out)
    block.buffer.writerIndex(block.written);
    block.buffer.writeBytes(frame);
    block.written = block.buffer.writerIndex();
  }

  /**
   * The bytes written since the last call, for the pipeline, or null. When nothing of the buffer is
   * still being written (the usual case: a flush writes its batch to the socket at once), the
   * buffer itself goes, retained and indexed to the batch; only while an earlier batch is in flight
   * does a batch go as a retained slice, which allocates a slice object per flush.
   */
  ByteBuf takeBatch() {
    if (current == null || current.written == batchStart) {
      return null;
    }
    Block block = current;
    ByteBuf buffer = block.buffer;
    int length = block.written - batchStart;
    ByteBuf batch;
    if (block.view != null && buffer.refCnt() == 1) {
      // Nothing in flight holds the buffer, so its indexes are ours to set; later frames are
      // written through the view, past the writer index, so they never join this batch.
      batch = buffer.retain().setIndex(batchStart, block.written);
    } else {
      // An earlier batch may be the buffer itself, still queued: its indexes must not move.
      batch = buffer.retainedSlice(batchStart, length);
    }
    batchStart = block.written;
    lastBatchLength = length;
    return batch;
  }

  /** Drops this link's references; slices already handed on stay valid. */
  void release() {
    if (current != null) {
      current.buffer.release();
      current = null;
    }
    if (spare != null) {
      spare.buffer.release();
      spare = null;
    }
  }
}
