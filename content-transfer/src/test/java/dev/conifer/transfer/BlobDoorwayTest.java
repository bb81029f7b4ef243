package dev.conifer.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class BlobDoorwayTest {
  @TempDir Path dir;
  FileBlobStore remote;
  FileBlobStore local;
  FakeHolders net;
  ExecutorService executor;
  BlobDoorway doorway;
  byte[] content = Blake3Test.pattern(100_000);
  BlobHash hash;

  @BeforeEach
  void setUp() throws IOException {
    remote = new FileBlobStore(dir.resolve("remote"), () -> 0L);
    local = new FileBlobStore(dir.resolve("local"), () -> 0L);
    hash = remote.put(new ByteArrayInputStream(content));
    net = new FakeHolders();
    net.add(FakeHolders.key(9), new BlobsServer(remote, BlobsConfig.defaults()));
    executor = Executors.newCachedThreadPool(FakeHolders.daemon());
    BlobFetcher f = new BlobFetcher(local, net, BlobsConfig.defaults(), System::nanoTime, executor);
    doorway = new BlobDoorway(local, f, HolderIndex.peers(() -> List.of(FakeHolders.key(9))));
  }

  @AfterEach
  void tearDown() throws IOException {
    net.close();
    executor.shutdownNow();
    remote.close();
    local.close();
  }

  static byte[] body(BlobDoorway.Response r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.body().writeTo(out);
    return out.toByteArray();
  }

  @Test
  void missIsFetchedFromTheOverlayThenServed() throws IOException {
    assertThat(local.has(hash)).isFalse();
    BlobDoorway.Response r = doorway.handle("GET", "/blobs/" + hash.hex(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).containsEntry("Content-Length", "100000");
    assertThat(body(r)).isEqualTo(content);
    assertThat(local.has(hash)).isTrue();
  }

  @Test
  void rangeRequestsGetPartialContent() throws IOException {
    BlobDoorway.Response r = doorway.handle("GET", "/blobs/" + hash.hex(), "bytes=20000-20009");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.headers()).containsEntry("Content-Range", "bytes 20000-20009/100000");
    assertThat(body(r)).isEqualTo(Arrays.copyOfRange(content, 20000, 20010));
    BlobDoorway.Response tail = doorway.handle("GET", "/blobs/" + hash.hex(), "bytes=-5");
    assertThat(body(tail)).isEqualTo(Arrays.copyOfRange(content, 99995, 100000));
    BlobDoorway.Response bad = doorway.handle("GET", "/blobs/" + hash.hex(), "bytes=200000-");
    assertThat(bad.status()).isEqualTo(416);
    assertThat(bad.headers()).containsEntry("Content-Range", "bytes */100000");
  }

  @Test
  void badInputGetsClearStatuses() throws IOException {
    assertThat(doorway.handle("GET", "/blobs/xyz", null).status()).isEqualTo(400);
    assertThat(doorway.handle("POST", "/blobs/" + hash.hex(), null).status()).isEqualTo(405);
    BlobHash unknown = BlobHash.ofContent(new byte[] {1});
    BlobDoorway.Response r = doorway.handle("GET", "/blobs/" + unknown.hex(), null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(new String(body(r), java.nio.charset.StandardCharsets.UTF_8)).contains("fetch");
  }
}
