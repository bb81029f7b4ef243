package dev.conifer.conformance;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.WireException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * A hand-driven SNEK peer over a plain TCP socket: the test side of a black-box check. Every read
 * has a deadline; nothing here trusts the target.
 */
final class WirePeer implements AutoCloseable {
  private final LongSupplier nanoClock;
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  final Signer signer;
  PublicKey targetKey;

  WirePeer(InetSocketAddress target, Signer signer, int connectTimeoutMs, LongSupplier nanoClock)
      throws IOException {
    this.nanoClock = nanoClock;
    this.signer = signer;
    this.socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(target, connectTimeoutMs);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Sends our handshake and checks the target's; returns the target's key. */
  PublicKey handshake(int timeoutMs) throws IOException, WireException {
    sendRaw(Handshake.encode(signer));
    byte[] theirs = readExactly(Handshake.LENGTH, timeoutMs);
    targetKey = Handshake.decode(theirs, Ed25519.VERIFIER);
    return targetKey;
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void send(Frame frame) throws IOException {
    sendRaw(FrameCodec.encode(frame));
  }

  /** The next frame, decoded strictly; throws SocketTimeoutException after {@code timeoutMs}. */
  Frame receive(int timeoutMs) throws IOException, WireException {
    byte[] header = readExactly(FrameHeader.LENGTH, timeoutMs);
    int length = FrameHeader.check(ByteBuffer.wrap(header), 0, FrameHeader.FRAME_LENGTH_MAX);
    byte[] frame = new byte[length];
    System.arraycopy(header, 0, frame, 0, header.length);
    byte[] rest = readExactly(length - header.length, timeoutMs);
    System.arraycopy(rest, 0, frame, header.length, rest.length);
    return FrameCodec.decode(ByteBuffer.wrap(frame));
  }

  /** True if the target closes the connection within {@code timeoutMs} (frames are discarded). */
  boolean closesWithin(int timeoutMs) throws IOException {
    long deadline = nanoClock.getAsLong() + timeoutMs * 1_000_000L;
    byte[] sink = new byte[4096];
    while (true) {
      int left = (int) ((deadline - nanoClock.getAsLong()) / 1_000_000L);
      if (left <= 0) {
        return false;
      }
      socket.setSoTimeout(left);
      try {
        if (in.read(sink) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset by peer
      }
    }
  }

  private byte[] readExactly(int length, int timeoutMs) throws IOException {
    socket.setSoTimeout(timeoutMs);
    byte[] bytes = new byte[length];
    try {
      in.readFully(bytes);
    } catch (EOFException e) {
      throw new EOFException("the target closed the connection");
    }
    return bytes;
  }

  static Signer freshSigner(java.util.Random random) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    random.nextBytes(seed);
    return Ed25519.signerFromSeed(seed);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
