package dev.conifer.transfer.store;

import dev.conifer.transfer.hash.Outboard;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/** Read access to one complete blob and its outboard tree. */
public interface BlobReader extends AutoCloseable {
  long size();

  Outboard outboard() throws IOException;

  /** Reads exactly {@code length} bytes at {@code offset} (which must lie inside the blob). */
  void readFully(long offset, byte[] out, int outOffset, int length) throws IOException;

  /** Writes the whole blob to {@code out} (a file-backed reader lets the kernel copy it). */
  void copyTo(WritableByteChannel out) throws IOException;

  @Override
  void close() throws IOException;
}
