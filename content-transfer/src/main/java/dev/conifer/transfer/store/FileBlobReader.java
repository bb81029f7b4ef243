package dev.conifer.transfer.store;

import dev.conifer.transfer.hash.Outboard;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads a complete blob's data file; loads its outboard lazily. */
final class FileBlobReader implements BlobReader {
  private final FileChannel data;

  /** Loads the outboard (the store caches it across readers). */
  interface OutboardLoader {
    Outboard load() throws IOException;
  }

  private final OutboardLoader loader;
  private final long size;
  private Outboard outboard;

  FileBlobReader(Path dataFile, OutboardLoader loader, long size) throws IOException {
    this.data = FileChannel.open(dataFile, StandardOpenOption.READ);
    this.loader = loader;
    this.size = size;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public synchronized Outboard outboard() throws IOException {
    if (outboard == null) {
      outboard = loader.load();
    }
    return outboard;
  }

  @Override
  public void readFully(long offset, byte[] out, int outOffset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(out, outOffset, length);
    long pos = offset;
    while (b.hasRemaining()) {
      int n = data.read(b, pos);
      if (n < 0) {
        throw new EOFException("blob data ends before " + (offset + length));
      }
      pos += n;
    }
  }

  @Override
  public void copyTo(WritableByteChannel out) throws IOException {
    for (long pos = 0; pos < size; ) {
      long n = data.transferTo(pos, size - pos, out);
      if (n <= 0) {
        throw new EOFException("blob data ends at " + pos + ", before " + size);
      }
      pos += n;
    }
  }

  @Override
  public void close() throws IOException {
    data.close();
  }
}
