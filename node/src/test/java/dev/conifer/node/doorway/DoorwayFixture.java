package dev.conifer.node.doorway;

import dev.conifer.transfer.BlobCommands;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.fetch.HolderIndex;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.replicate.Replicator;
import dev.conifer.transfer.store.FileBlobStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A doorway on 127.0.0.1:0 over a local blob store, with no overlay: a blob that is not local has
 * no holders unless the test passes a {@link HolderIndex}.
 */
final class DoorwayFixture implements AutoCloseable {
  final FileBlobStore store;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final DoorwayServer server;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Path dir;

  DoorwayFixture(Path dir, DoorwayConfig config, HolderIndex holders) throws IOException {
    this(dir, config, holders, null);
  }

  /** With namespace pages read from {@code namespaces}. */
  DoorwayFixture(Path dir, DoorwayConfig config, HolderIndex holders, NamespaceReader namespaces)
      throws IOException {
    this.dir = dir;
    store = new FileBlobStore(dir.resolve("data"), System::currentTimeMillis);
    server =
        DoorwayServer.start(
            config,
            store,
            holder -> {
              throw new BlobsException(BlobsError.IO, "no overlay in this test");
            },
            holders,
            namespaces,
            registry);
  }

  DoorwayFixture(Path dir, DoorwayConfig config) throws IOException {
    this(dir, config, HolderIndex.peers(List::of));
  }

  static DoorwayConfig config() {
    return DoorwayConfig.defaults(new InetSocketAddress("127.0.0.1", 0));
  }

  /** Writes {@code content} to a file named {@code name} and adds it as {@code blobs add} does. */
  BlobHash add(String name, byte[] content, String type) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return new BlobCommands(store, null, new Replicator(store, List.of())).add(file, type);
  }

  URI uri(String path) {
    InetSocketAddress a = server.address();
    return URI.create("http://127.0.0.1:" + a.getPort() + path);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
  }

  HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  double refused(String reason) {
    return registry.get("conifer.doorway.refused").tag("reason", reason).counter().count();
  }

  double responses(int status) {
    var c = registry.find("conifer.doorway.requests").tag("status", "" + status).counter();
    return c == null ? 0 : c.count();
  }

  @Override
  public void close() throws IOException {
    server.close();
    store.close();
    registry.close();
  }
}
