package dev.conifer.bench.chain;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.KeepaliveFrame;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.TreeAnnouncementFrame;
import dev.conifer.snek.wire.WireException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One peering with a relay spoken frame by frame over a plain socket, without a router behind it:
 * the handshake, a child's tree announcement (the relay's own, signed onwards, as any child sends),
 * and whatever frames the farm writes (signed bootstraps of virtual keys, keepalives). It reads
 * everything the relay sends, so the relay never sees a stalled link, and keeps the relay's root,
 * which every bootstrap must carry to be accepted (PROTOCOL.md §7.3).
 */
final class RawPeer implements AutoCloseable {
  /** Our only link's port number, as signed into our announcement. */
  private static final long OUR_PORT = 1;

  private static final byte[] KEEPALIVE = FrameCodec.encode(KeepaliveFrame.INSTANCE);

  private final Signer signer;
  private final Socket socket;
  private final OutputStream out;
  private final Thread reader;
  private volatile Root root;
  private volatile byte[] lastAnnouncement;
  private volatile boolean closed;
  private long lastWriteNs;
  private final AtomicLong bootstrapsIn = new AtomicLong();

  private RawPeer(Signer signer, Socket socket) throws IOException {
    this.signer = signer;
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.reader = new Thread(this::readLoop, "raw-peer-" + signer.publicKey().shortHex());
    this.reader.setDaemon(true);
  }

  /** Connects and completes the handshake (PROTOCOL.md §3); the reader starts at once. */
  static RawPeer connect(URI relay, Signer signer) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(relay.getHost(), relay.getPort()), 10_000);
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(Handshake.encode(signer));
      byte[] theirs = new byte[Handshake.LENGTH];
      new DataInputStream(socket.getInputStream()).readFully(theirs);
      Handshake.decode(theirs, Ed25519.VERIFIER);
      socket.setSoTimeout(0);
    } catch (IOException | WireException e) {
      socket.close();
      throw new IOException("raw peering with " + relay + " failed: " + e.getMessage(), e);
    }
    RawPeer peer = new RawPeer(signer, socket);
    peer.reader.start();
    return peer;
  }

  /** The relay's root as last announced to us, or null before its first announcement. */
  Root root() {
    return root;
  }

  /** Bootstraps the relay forwarded to us (we drop them: the farm is the end of their path). */
  long bootstrapsIn() {
    return bootstrapsIn.get();
  }

  /** Writes one encoded frame; false once the peering is gone. */
  synchronized boolean write(byte[] frame) {
    if (closed) {
      return false;
    }
    try {
      out.write(frame);
      lastWriteNs = System.nanoTime();
      return true;
    } catch (IOException e) {
      closed = true;
      return false;
    }
  }

  /** A keepalive if nothing was written for {@code idleNs}: the relay closes silent peers. */
  synchronized void keepAlive(long nowNs, long idleNs) {
    if (nowNs - lastWriteNs >= idleNs) {
      write(KEEPALIVE);
    }
  }

  boolean isClosed() {
    return closed;
  }

  private void readLoop() {
    byte[] frame = new byte[FrameHeader.FRAME_LENGTH_MAX];
    try {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (!closed) {
        in.readFully(frame, 0, FrameHeader.LENGTH);
        ByteBuffer view = ByteBuffer.wrap(frame);
        int length = FrameHeader.check(view, 0, FrameHeader.FRAME_LENGTH_MAX);
        in.readFully(frame, FrameHeader.LENGTH, length - FrameHeader.LENGTH);
        int type = FrameHeader.typeCode(view, 0);
        if (type == FrameType.BOOTSTRAP.code()) {
          bootstrapsIn.incrementAndGet();
        } else if (type == FrameType.TREE_ANNOUNCEMENT.code()) {
          view.limit(length);
          TreeAnnouncementFrame announcement = (TreeAnnouncementFrame) FrameCodec.decode(view);
          adopt(announcement.announcement());
        }
      }
    } catch (IOException | WireException | RuntimeException e) {
      if (!closed) {
        System.err.println("raw peer " + signer.publicKey().shortHex() + ": " + e);
      }
      closed = true;
    }
  }

  /** The relay is our parent: send its announcement back signed for our port, as a child does. */
  private void adopt(SwitchAnnouncement fromRelay) {
    byte[] frame =
        FrameCodec.encode(new TreeAnnouncementFrame(fromRelay.signedFor(OUR_PORT, signer)));
    lastAnnouncement = frame;
    root = fromRelay.root();
    write(frame);
  }

  /** The announcement we last sent the relay (encoded), or null before the first. */
  byte[] lastAnnouncement() {
    return lastAnnouncement;
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
