package dev.conifer.transport.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutboundArenaTest {
  private final OutboundArena arena = new OutboundArena(ByteBufAllocator.DEFAULT);

  private void claimAndWrite(byte... frame) {
    if (!arena.hasRoom(frame.length)) {
      arena.renew(frame.length);
    }
    ByteBuffer view = arena.claim(frame.length);
    int start = view.position();
    view.put(frame);
    arena.commit(view.position() - start);
  }

  private static byte[] drain(ByteBuf batch) {
    try {
      return ByteBufUtil.getBytes(batch);
    } finally {
      batch.release();
    }
  }

  @Test
  void eachBatchIsWhatWasWrittenSinceTheLastInOrder() {
    claimAndWrite(new byte[] {1, 2, 3});
    arena.write(ByteBuffer.wrap(new byte[] {4, 5}));
    assertThat(drain(arena.takeBatch())).containsExactly(1, 2, 3, 4, 5);
    assertThat(arena.takeBatch()).isNull();
    claimAndWrite(new byte[] {6});
    ByteBuffer direct = ByteBuffer.allocateDirect(2).put(new byte[] {7, 8}).flip();
    arena.write(direct);
    assertThat(direct.hasRemaining()).isFalse();
    assertThat(drain(arena.takeBatch())).containsExactly(6, 7, 8);
    arena.release();
  }

  @Test
  void aBatchHandedOnStaysValidAfterTheArenaMovesToANewBuffer() {
    byte[] frame = new byte[OutboundArena.SIZE_MIN / 2];
    frame[0] = 42;
    claimAndWrite(frame);
    ByteBuf first = arena.takeBatch();
    for (int i = 0; i < 8; i++) { // fills the buffer and starts new ones
      claimAndWrite(frame);
      ByteBuf batch = arena.takeBatch();
      batch.release();
    }
    arena.release();
    assertThat(first.refCnt()).isPositive();
    assertThat(drain(first)).hasSize(frame.length).startsWith((byte) 42);
  }

  @Test
  void anOversizedBufferIsDroppedOnceTheLinkGoesQuiet() {
    byte[] big = new byte[8 * 1024];
    for (int i = 0; i < 3; i++) {
      claimAndWrite(big); // busy: the next buffer is sized for 8 KiB batches
      drain(arena.takeBatch());
    }
    arena.shrinkIfIdle();
    assertThat(arena.hasRoom(1)).isTrue(); // still right-sized
    for (int i = 0; i < 40; i++) { // quiet: keepalive-sized batches
      claimAndWrite(new byte[6]);
      drain(arena.takeBatch());
      arena.shrinkIfIdle();
    }
    claimAndWrite(new byte[6]);
    drain(arena.takeBatch());
    assertThat(arena.hasRoom(OutboundArena.SIZE_MAX)).isFalse();
    arena.release();
  }

  @Test
  void aBusyLinkAlternatesBetweenTwoBuffersOnceTheirBatchesAreWritten() {
    byte[] frame = new byte[1024];
    for (int i = 0; i < 64; i++) { // settles on buffers sized for 1 KiB batches
      claimAndWrite(frame);
      drain(arena.takeBatch());
    }
    Set<ByteBuf> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < 200; i++) {
      claimAndWrite(frame);
      ByteBuf batch = arena.takeBatch();
      ByteBuf root = batch;
      while (root.unwrap() != null) {
        root = root.unwrap();
      }
      buffers.add(root);
      batch.release(); // written
    }
    assertThat(buffers).hasSize(2);
    arena.release();
  }

  @Test
  void aSpareStillBeingWrittenIsNeverOverwritten() {
    byte[] frame = new byte[1024];
    for (int i = 0; i < 64; i++) {
      claimAndWrite(frame);
      drain(arena.takeBatch());
    }
    byte[] marked = new byte[1024];
    Arrays.fill(marked, (byte) 7);
    claimAndWrite(marked);
    ByteBuf held = arena.takeBatch(); // not yet written by Netty
    for (int i = 0; i < 200; i++) {
      claimAndWrite(frame);
      drain(arena.takeBatch());
    }
    assertThat(drain(held)).containsOnly((byte) 7);
    arena.release();
  }

  @Test
  void aBatchTakenWhileNothingIsInFlightIsTheBufferItselfSoAFlushAllocatesNoSlice() {
    claimAndWrite(new byte[] {1, 2});
    ByteBuf first = arena.takeBatch();
    assertThat(drain(first)).containsExactly(1, 2); // written and released, as Netty does
    claimAndWrite(new byte[] {3});
    ByteBuf second = arena.takeBatch();
    assertThat(second).isSameAs(first);
    assertThat(drain(second)).containsExactly(3);
    arena.release();
  }

  @Test
  void aBatchStillBeingWrittenKeepsItsBytesAndIndexesWhileLaterBatchesAreTaken() {
    claimAndWrite(new byte[] {1, 2, 3, 4});
    ByteBuf held = arena.takeBatch(); // queued in Netty, not yet written
    held.readerIndex(held.readerIndex() + 1); // a partial write moved it
    claimAndWrite(new byte[] {5, 6});
    ByteBuf next = arena.takeBatch();
    assertThat(next).isNotSameAs(held);
    claimAndWrite(new byte[] {7});
    ByteBuf last = arena.takeBatch();
    assertThat(drain(held)).containsExactly(2, 3, 4);
    assertThat(drain(next)).containsExactly(5, 6);
    assertThat(drain(last)).containsExactly(7);
    claimAndWrite(new byte[] {8}); // every batch written: the buffer itself goes again
    ByteBuf again = arena.takeBatch();
    assertThat(again).isSameAs(held);
    assertThat(drain(again)).containsExactly(8);
    arena.release();
  }

  @Test
  void aBusyLinkAllocatesNoHeapObjectPerBatchOnceItsBuffersAreSettled() {
    // Buffers without leak tracking: these tests track every buffer access, which allocates.
    OutboundArena untracked = new OutboundArena(new UnpooledByteBufAllocator(true, true));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    byte[] frame = new byte[1024];
    try {
      for (int i = 0; i < 2_000; i++) { // settles on two buffers sized for 1 KiB batches
        writeAndFlush(untracked, frame);
      }
      int batches = 10_000;
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < batches; i++) {
        writeAndFlush(untracked, frame);
      }
      long perBatch = (threads.getCurrentThreadAllocatedBytes() - before) / batches;
      // A retained slice per batch was 40 bytes here; the buffer itself costs nothing.
      assertThat(perBatch).isLessThan(8);
    } finally {
      untracked.release();
    }
  }

  /** One frame claimed and written, then its batch taken and written at once, as a flush does. */
  private static void writeAndFlush(OutboundArena target, byte[] frame) {
    if (!target.hasRoom(frame.length)) {
      target.renew(frame.length);
    }
    ByteBuffer view = target.claim(frame.length);
    view.put(frame);
    target.commit(frame.length);
    target.takeBatch().release();
  }
}
