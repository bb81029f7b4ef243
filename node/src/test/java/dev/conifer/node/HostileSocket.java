package dev.conifer.node;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A raw TCP client on 127.0.0.1 that writes whatever bytes a hostile peer would. */
final class HostileSocket implements AutoCloseable {
  private final Socket socket;

  private HostileSocket(Socket socket) {
    this.socket = socket;
  }

  static HostileSocket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address, 5_000);
    return new HostileSocket(socket);
  }

  HostileSocket send(byte[]... chunks) throws IOException {
    for (byte[] chunk : chunks) {
      socket.getOutputStream().write(chunk);
    }
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * Reads (and discards) what the node sends until it closes the connection; true if it did within
   * {@code deadline}, false if the connection is still open then.
   */
  boolean closedByPeerWithin(Duration deadline) throws IOException {
    long end = System.nanoTime() + deadline.toNanos();
    InputStream in = socket.getInputStream();
    byte[] sink = new byte[8192];
    while (true) {
      long leftMs = (end - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) {
        return false;
      }
      socket.setSoTimeout((int) Math.max(1, leftMs));
      try {
        if (in.read(sink) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (SocketException e) {
        return true; // reset by the node: closed as well
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
