package dev.conifer.transfer.fetch;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.wire.BlobConnector;
import dev.conifer.transfer.wire.BlobsClient;
import dev.conifer.transfer.wire.BlobsServer;
import dev.conifer.transfer.wire.FakePipe;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Holders reachable over in-memory pipes: each connect starts a server thread on a new pipe pair.
 */
public final class FakeHolders implements BlobConnector, AutoCloseable {
  private final Map<PublicKey, BlobsServer> servers = new HashMap<>();
  private final Map<PublicKey, Long> cutAfter = new HashMap<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(daemon());
  final PublicKey self = key(0);
  int connectCount;

  public static PublicKey key(int n) {
    byte[] b = new byte[32];
    b[0] = (byte) n;
    b[31] = 1;
    return PublicKey.of(b);
  }

  public void add(PublicKey key, BlobsServer server) {
    servers.put(key, server);
  }

  /** The next connection to {@code key} breaks after this many response bytes. */
  synchronized void cutNextAfter(PublicKey key, long bytes) {
    cutAfter.put(key, bytes);
  }

  @Override
  public synchronized BlobsClient connect(PublicKey holder) throws IOException {
    BlobsServer server = servers.get(holder);
    if (server == null) {
      throw new IOException("no route to " + holder.toHex());
    }
    connectCount++;
    Long cut = cutAfter.remove(holder);
    FakePipe request = new FakePipe(Long.MAX_VALUE);
    FakePipe response = new FakePipe(cut == null ? Long.MAX_VALUE : cut);
    threads.execute(
        () -> {
          try {
            server.serve(self, request.in, response.out);
          } catch (IOException e) {
            // the requester went away or the link was cut
          } finally {
            response.closeWriter();
          }
        });
    return new BlobsClient(
        response.in,
        request.out,
        () -> {
          request.closeWriter();
          response.closeReader();
        });
  }

  public static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = Executors.defaultThreadFactory().newThread(r);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
