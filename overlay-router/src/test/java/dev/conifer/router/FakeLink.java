package dev.conifer.router;

import dev.conifer.router.spi.Link;
import java.util.ArrayList;
import java.util.List;

/** An in-memory link that records what the router writes; tests flip its writability. */
final class FakeLink implements Link {
  final List<byte[]> written = new ArrayList<>();
  boolean writable = true;
  int flushCount;
  String closeReason;
  final List<Long> readPauses = new ArrayList<>();

  @Override
  public boolean isWritable() {
    return writable;
  }

  @Override
  public void write(java.nio.ByteBuffer buffer) {
    byte[] frame = new byte[buffer.remaining()];
    buffer.get(frame);
    if (closeReason != null) {
      throw new IllegalStateException("write after close");
    }
    written.add(frame);
  }

  @Override
  public void flush() {
    flushCount++;
  }

  @Override
  public void pauseReading(long durationNs) {
    readPauses.add(durationNs);
  }

  @Override
  public void close(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
  }

  boolean isClosed() {
    return closeReason != null;
  }

  /** Frame type codes of everything written, in order. */
  List<Integer> types() {
    List<Integer> types = new ArrayList<>();
    for (byte[] frame : written) {
      types.add(frame[5] & 0xFF);
    }
    return types;
  }
}
