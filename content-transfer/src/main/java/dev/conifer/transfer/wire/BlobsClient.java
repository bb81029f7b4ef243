package dev.conifer.transfer.wire;

import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.UncheckedGroup;
import dev.conifer.transfer.hash.VerifiedGroup;
import dev.conifer.transfer.replicate.PublicationPage;
import dev.conifer.transfer.replicate.Replicator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * Requester side of one {@code conifer-blobs/1} stream: a thin blocking adapter over a {@link
 * GetVerifier}. Groups are hashed on a pool while the stream is read ({@link GroupCheckPipeline})
 * and reach the sink in order, each only after it verified. Not thread-safe; one request at a time.
 */
public final class BlobsClient implements AutoCloseable {
  /**
   * Receives each verified group, in the order the response carried them, one call at a time; the
   * calls come from a verification pool thread (or the reading thread), and all of them happen
   * before {@link #receive} returns.
   */
  public interface GroupSink {
    void accept(VerifiedGroup group) throws IOException;
  }

  private final InputStream in;
  private final OutputStream out;
  private final AutoCloseable closer;
  private final FrameReader frames = new FrameReader(BlobsCodec.PAYLOAD_LENGTH_MAX);
  private final Executor checkPool;
  private final int checksInFlightMax;

  /** Groups hashed at once per stream by default: enough to keep the pool busy, 256 KiB. */
  public static final int CHECKS_IN_FLIGHT_DEFAULT = 16;

  public BlobsClient(InputStream in, OutputStream out, AutoCloseable closer) {
    this(in, out, closer, GroupCheckPipeline.sharedPool(), CHECKS_IN_FLIGHT_DEFAULT);
  }

  /**
   * @param checkPool hashes received groups (a direct executor hashes them on the reading thread)
   * @param checksInFlightMax groups queued or hashing at once on this stream
   */
  public BlobsClient(
      InputStream in,
      OutputStream out,
      AutoCloseable closer,
      Executor checkPool,
      int checksInFlightMax) {
    this.in = in;
    this.out = out;
    this.closer = closer;
    this.checkPool = checkPool;
    this.checksInFlightMax = checksInFlightMax;
  }

  /** Asks which groups the holder has; size is -1 when it has no complete copy. */
  public BlobsCodec.HaveReply have(BlobHash hash) throws IOException {
    send(BlobsCodec.encodeHave(hash));
    ByteBuffer p = nextFrame();
    if (frames.frameType() == BlobsCodec.ERROR) {
      throw BlobsCodec.decodeError(p);
    }
    if (frames.frameType() != BlobsCodec.HAVE_REPLY) {
      throw new BlobsException(BlobsError.PROTOCOL, "expected HAVE_REPLY");
    }
    return BlobsCodec.decodeHaveReply(p);
  }

  /**
   * Tells the holder which blobs we pin, so peers that trust us can replicate them: any number, in
   * pages of {@link BlobsCodec#ANNOUNCE_COUNT_MAX}, each acknowledged before the next.
   */
  public void announce(java.util.List<Replicator.Announced> pins) throws IOException {
    int page = BlobsCodec.ANNOUNCE_COUNT_MAX;
    for (int from = 0; from < pins.size(); from += page) {
      announcePage(pins.subList(from, Math.min(pins.size(), from + page)));
    }
  }

  private void announcePage(java.util.List<Replicator.Announced> pins) throws IOException {
    send(BlobsCodec.encodeAnnounce(pins));
    ByteBuffer p = nextFrame();
    if (frames.frameType() == BlobsCodec.ERROR) {
      throw BlobsCodec.decodeError(p);
    }
    if (frames.frameType() != BlobsCodec.DONE) {
      throw new BlobsException(BlobsError.PROTOCOL, "expected DONE after ANNOUNCE");
    }
  }

  /** Tells the holder that {@code publisher}'s list has version {@code version} now. */
  public void notice(dev.conifer.snek.wire.PublicKey publisher, long version) throws IOException {
    send(BlobsCodec.encodeNotice(publisher, version));
    ByteBuffer p = nextFrame();
    if (frames.frameType() == BlobsCodec.ERROR) {
      throw BlobsCodec.decodeError(p);
    }
    if (frames.frameType() != BlobsCodec.DONE) {
      throw new BlobsException(BlobsError.PROTOCOL, "expected DONE after NOTICE");
    }
  }

  /**
   * Asks for page {@code page} of {@code publisher}'s publication list and returns it verified
   * (signature, form); a holder without it answers NOT_FOUND, thrown as {@link BlobsException}.
   */
  public PublicationPage listPage(dev.conifer.snek.wire.PublicKey publisher, int page)
      throws IOException {
    send(BlobsCodec.encodeList(publisher, page));
    ByteBuffer p = nextFrame();
    if (frames.frameType() == BlobsCodec.ERROR) {
      throw BlobsCodec.decodeError(p);
    }
    if (frames.frameType() != BlobsCodec.LIST_PAGE) {
      throw new BlobsException(BlobsError.PROTOCOL, "expected LIST_PAGE");
    }
    byte[] bytes = new byte[p.remaining()];
    p.get(bytes);
    PublicationPage verified =
        PublicationPage.verify(bytes, dev.conifer.snek.crypto.Ed25519.VERIFIER);
    if (!verified.publisher().equals(publisher) || verified.page() != page) {
      throw new BlobsException(
          BlobsError.PROTOCOL, "asked for page " + page + " of " + publisher.shortHex());
    }
    return verified;
  }

  /**
   * Requests byte ranges and hands every verified group to {@code sink}. Returns the size the
   * holder announced.
   *
   * @param knownSize the verified size, or -1 if not yet known
   */
  public long get(BlobHash hash, long[] offsets, long[] lengths, long knownSize, GroupSink sink)
      throws IOException {
    return receive(sendGet(hash, offsets, lengths, knownSize), sink);
  }

  /**
   * Sends a GET without waiting, so several can be in flight on one stream (responses come back in
   * order); pass the returned verifier to {@link #receive}.
   */
  public GetVerifier sendGet(BlobHash hash, long[] offsets, long[] lengths, long knownSize)
      throws IOException {
    send(BlobsCodec.encodeGet(hash, offsets, lengths));
    return new GetVerifier(hash, offsets, lengths, knownSize);
  }

  /** Reads the response of an earlier {@link #sendGet}; returns the announced size. */
  public long receive(GetVerifier verifier, GroupSink sink) throws IOException {
    GroupCheckPipeline checks = newChecks(sink);
    try {
      receiveInto(verifier, checks);
      checks.finish();
    } finally {
      checks.abandon();
    }
    return verifier.size();
  }

  /**
   * A check pipeline for this stream's groups, to pass to {@link #receiveInto} for several
   * responses in a row; the caller finishes or abandons it.
   */
  public GroupCheckPipeline newChecks(GroupSink sink) {
    return new GroupCheckPipeline(checkPool, checksInFlightMax, sink);
  }

  /**
   * As {@link #newChecks}, hashing on {@code pool} instead (a direct executor verifies each group
   * on the reading thread, for a sink that may block).
   */
  public GroupCheckPipeline newChecksOn(Executor pool, GroupSink sink) {
    return new GroupCheckPipeline(pool, checksInFlightMax, sink);
  }

  /**
   * Reads the response of an earlier {@link #sendGet} into {@code checks} and returns once the last
   * frame is read: its groups may still be hashing or waiting for the sink (see {@link
   * GroupCheckPipeline#afterDelivered}). Returns the announced size.
   */
  public long receiveInto(GetVerifier verifier, GroupCheckPipeline checks) throws IOException {
    while (!verifier.isDone()) {
      ByteBuffer p;
      UncheckedGroup g;
      try {
        p = nextFrame();
        g = verifier.handleFrameUnchecked(frames.frameType(), p);
      } catch (IOException e) {
        // Keep what arrived intact before the failure, unless it holds a lie.
        throw checks.finishAfter(e);
      }
      if (g != null) {
        checks.submit(g);
      }
    }
    return verifier.size();
  }

  private void send(ByteBuffer frame) throws IOException {
    try {
      out.write(frame.array(), frame.position(), frame.remaining());
      out.flush();
    } catch (BlobsException e) {
      throw e;
    } catch (IOException e) {
      throw new BlobsException(BlobsError.IO, "send failed: " + e.getMessage(), e);
    }
  }

  private ByteBuffer nextFrame() throws IOException {
    while (true) {
      ByteBuffer p = frames.pollFrame();
      if (p != null) {
        return p;
      }
      int n;
      try {
        n = frames.readFrom(in::read); // straight into the frame's own array
      } catch (IOException e) {
        throw new BlobsException(BlobsError.IO, "receive failed: " + e.getMessage(), e);
      }
      if (n < 0) {
        throw new BlobsException(BlobsError.IO, "holder closed the stream mid-response");
      }
    }
  }

  @Override
  public void close() {
    try {
      closer.close();
    } catch (Exception ignored) {
      // closing a broken stream has nothing left to report
    }
  }
}
