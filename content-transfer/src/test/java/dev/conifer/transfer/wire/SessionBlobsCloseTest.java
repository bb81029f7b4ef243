package dev.conifer.transfer.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.router.Router;
import dev.conifer.session.SessionConfig;
import dev.conifer.session.SessionStream;
import dev.conifer.session.Sessions;
import dev.conifer.session.TestOverlay;
import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.FileBlobStore;
import io.netty.handler.codec.quic.Quic;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream close rules (docs/SESSIONS.md "Closing a stream") as {@code conifer-blobs/1} meets
 * them: a requester that finishes its side before the answer arrives still gets every byte, and a
 * holder that fails midway is an error at the requester, never a short blob.
 */
@Tag("quic")
@Timeout(90)
class SessionBlobsCloseTest {
  private static final int SIZE = 3 * 1024 * 1024 + 5;
  private final TestOverlay overlay = new TestOverlay();
  @TempDir Path dir;
  private FileBlobStore holderStore;
  private Sessions requester;
  private Sessions holder;
  private byte[] content;
  private BlobHash hash;

  @BeforeEach
  void start() throws IOException {
    Assumptions.assumeTrue(
        Quic.isAvailable(), () -> "native QUIC unavailable: " + Quic.unavailabilityCause());
    List<Router> r = overlay.chain(21, 3);
    requester = overlay.sessions(r.get(0), 21, SessionConfig.defaults());
    holder = overlay.sessions(r.get(2), 23, SessionConfig.defaults());
    holderStore = new FileBlobStore(dir.resolve("holder"), () -> 0L);
    content = new byte[SIZE];
    new SplittableRandom(5).nextBytes(content);
    hash = holderStore.put(new ByteArrayInputStream(content));
  }

  @AfterEach
  void stop() throws IOException {
    overlay.close();
    holderStore.close();
  }

  @Test
  void aRequesterThatFinishesItsSideFirstStillGetsEveryByte() throws Exception {
    SessionBlobs.listen(holder, new BlobsServer(holderStore, BlobsConfig.defaults()));
    SessionStream stream = dial();
    BlobsClient client = new BlobsClient(stream.inputStream(), stream.outputStream(), stream);
    GetVerifier get = client.sendGet(hash, new long[] {0}, new long[] {SIZE}, -1);
    stream.outputStream().close(); // our FIN before a byte of the answer has come back

    ByteArrayOutputStream got = new ByteArrayOutputStream();
    client.receive(get, g -> got.write(g.data(), g.offset(), g.length()));
    assertThat(got.toByteArray()).isEqualTo(content);
    assertThat(stream.inputStream().read()).as("then the holder's FIN").isEqualTo(-1);
    client.close();
  }

  @Test
  void aHolderThatFailsMidwayIsAnErrorAtTheRequesterNeverAShortBlob() throws Exception {
    BlobsServer real = new BlobsServer(holderStore, BlobsConfig.defaults());
    holder.listen(
        BlobsCodec.ALPN,
        stream -> {
          // The real answer, cut off after 1 MiB by a failure: the stream must be reset, where a
          // plain close would have ended it with a FIN.
          ByteArrayOutputStream answer = new ByteArrayOutputStream();
          byte[] request = stream.inputStream().readNBytes(4096);
          real.serve(stream.remoteKey(), new ByteArrayInputStream(request), answer);
          stream.outputStream().write(answer.toByteArray(), 0, 1 << 20);
          stream.outputStream().flush();
          throw new IOException("disk failed midway (on purpose)");
        });
    SessionStream stream = dial();
    BlobsClient client = new BlobsClient(stream.inputStream(), stream.outputStream(), stream);
    GetVerifier get = client.sendGet(hash, new long[] {0}, new long[] {SIZE}, -1);
    stream.outputStream().close();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    assertThatThrownBy(() -> client.receive(get, g -> got.write(g.data(), g.offset(), g.length())))
        .isInstanceOf(IOException.class);
    assertThat(got.size()).as("only verified groups before the failure").isLessThan(SIZE);
    assertThat(holder.failedHandlers()).isEqualTo(1);
    client.close();
  }

  private SessionStream dial() throws Exception {
    return requester.dial(holder.publicKey(), BlobsCodec.ALPN).get(20, TimeUnit.SECONDS);
  }
}
