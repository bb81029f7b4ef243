package dev.conifer.transport.bt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A {@link BtStream} from its parts. */
public record BtStreams(InputStream input, OutputStream output, Closer closer, String describe)
    implements BtStream {
  /** Closes the underlying connection. */
  @FunctionalInterface
  public interface Closer {
    void close() throws IOException;
  }

  @Override
  public void close() throws IOException {
    closer.close();
  }
}
