package dev.conifer.transport.bt;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A reliable Bluetooth byte stream: an RFCOMM connection as it is, or an L2CAP channel adapted by
 * {@link L2capInputStream} and {@link L2capOutputStream}. All calls block; {@link #close()} ends
 * blocked reads and writes with an {@code IOException}.
 */
public interface BtStream extends Closeable {
  InputStream input();

  /** Writes are buffered until {@code flush()}. */
  OutputStream output();

  /** For logs and status: the remote address and protocol. */
  String describe();
}
