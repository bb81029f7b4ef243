package dev.conifer.transfer.wire;

import dev.conifer.snek.wire.PublicKey;
import java.io.IOException;

/** Opens a {@code conifer-blobs/1} stream to a holder (a session stream, or pipes in tests). */
public interface BlobConnector {
  BlobsClient connect(PublicKey holder) throws IOException;
}
