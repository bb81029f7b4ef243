package dev.conifer.transfer.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A bounded in-memory byte pipe with blocking ends; closing the writer gives the reader EOF. */
public final class FakePipe {
  private final byte[] ring = new byte[256 * 1024];
  private int head;
  private int count;
  private boolean writerClosed;
  private boolean readerClosed;

  /** Bytes after which the pipe breaks (both ends fail), or Long.MAX_VALUE. */
  private long breakAfter;

  private long passed;

  public FakePipe(long breakAfter) {
    this.breakAfter = breakAfter;
  }

  public final InputStream in =
      new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] b = new byte[1];
          return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          synchronized (FakePipe.this) {
            while (count == 0 && !writerClosed && !readerClosed) {
              await();
            }
            if (readerClosed) {
              throw new IOException("pipe closed");
            }
            if (count == 0) {
              return -1;
            }
            int n = Math.min(len, count);
            for (int i = 0; i < n; i++) {
              b[off + i] = ring[(head + i) % ring.length];
            }
            head = (head + n) % ring.length;
            count -= n;
            FakePipe.this.notifyAll();
            return n;
          }
        }

        @Override
        public void close() {
          synchronized (FakePipe.this) {
            readerClosed = true;
            FakePipe.this.notifyAll();
          }
        }
      };

  public final OutputStream out =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          synchronized (FakePipe.this) {
            for (int i = 0; i < len; ) {
              while (count == ring.length && !readerClosed) {
                await();
              }
              if (readerClosed || writerClosed) {
                throw new IOException("pipe closed");
              }
              if (passed >= breakAfter) {
                readerClosed = true; // a cut link: both sides see failures
                FakePipe.this.notifyAll();
                throw new IOException("link cut after " + passed + " bytes");
              }
              ring[(head + count) % ring.length] = b[off + i];
              count++;
              passed++;
              i++;
            }
            FakePipe.this.notifyAll();
          }
        }

        @Override
        public void close() {
          synchronized (FakePipe.this) {
            writerClosed = true;
            FakePipe.this.notifyAll();
          }
        }
      };

  /** Ends the writing side (the reader then sees EOF). */
  public void closeWriter() {
    synchronized (this) {
      writerClosed = true;
      notifyAll();
    }
  }

  /** Ends the reading side (the writer then fails). */
  public void closeReader() {
    synchronized (this) {
      readerClosed = true;
      notifyAll();
    }
  }

  private void await() throws IOException {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
