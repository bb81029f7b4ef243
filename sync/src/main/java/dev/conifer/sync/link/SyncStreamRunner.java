package dev.conifer.sync.link;

import dev.conifer.sync.SyncSession;
import dev.conifer.sync.wire.SyncMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongSupplier;

/**
 * The thin blocking adapter: runs a {@link SyncSession} over one bidirectional byte stream (a QUIC
 * session stream in production, piped streams in tests). No protocol rules live here.
 */
public final class SyncStreamRunner {
  private SyncStreamRunner() {}

  /** Runs {@code session} to completion; the caller closes the streams. */
  public static void run(
      SyncSession session, InputStream in, OutputStream out, LongSupplier nowEpochUs)
      throws IOException {
    while (true) {
      byte[] message;
      while ((message = session.pollMessage()) != null) {
        SyncMessages.writeFrame(out, message);
      }
      out.flush();
      if (session.finished()) {
        return;
      }
      byte[] frame = SyncMessages.readFrame(in);
      if (frame == null) {
        throw new IOException(
            "peer " + session.remoteKey().shortHex() + " closed the sync stream early");
      }
      session.handleMessage(frame, nowEpochUs.getAsLong());
    }
  }
}
