package dev.conifer.node.doorway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.transfer.fetch.HolderIndex;
import dev.conifer.transfer.hash.BlobHash;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each HTTP rule of the doorway (RFC 9110 and the doorway's limits), on a local blob. */
@Timeout(60)
class DoorwayHttpTest {
  /** A 1x1 PNG. */
  static final byte[] PNG =
      java.util.Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

  @TempDir Path dir;
  DoorwayFixture f;
  BlobHash png;
  BlobHash data;
  byte[] content = new byte[100_000];
  String tag;

  @BeforeEach
  void start() throws Exception {
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + i / 7);
    }
    f = new DoorwayFixture(dir, DoorwayFixture.config());
    png = f.add("dot.png", PNG, null);
    data = f.add("data.bin", content, null);
    tag = "\"" + data.hex() + "\"";
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = f.request(path);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return f.send(b);
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void aBlobIsSentWithItsTypeNameValidatorsCachingAndCors() throws Exception {
    HttpResponse<byte[]> r = get("/blobs/" + png.hex());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(PNG);
    assertThat(header(r, "Content-Type")).isEqualTo("image/png");
    assertThat(header(r, "Content-Disposition"))
        .isEqualTo("inline; filename=\"dot.png\"; filename*=UTF-8''dot.png");
    assertThat(header(r, "ETag")).isEqualTo("\"" + png.hex() + "\"");
    assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(header(r, "Access-Control-Expose-Headers")).contains("Content-Range", "ETag");
    assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(f.responses(200)).isEqualTo(1);
  }

  @Test
  void aNameInTheUrlNamesTheDownload() throws Exception {
    HttpResponse<byte[]> r = get("/blobs/" + data.hex() + "/report%20final.bin");
    assertThat(header(r, "Content-Disposition")).contains("filename=\"report final.bin\"");
  }

  @Test
  void ifNoneMatchWithTheHashIs304WithTheValidatorsAndNoBody() throws Exception {
    for (String value : List.of(tag, "W/" + tag, "\"other\", " + tag, "*")) {
      HttpResponse<byte[]> r = get("/blobs/" + data.hex(), "If-None-Match", value);
      assertThat(r.statusCode()).as(value).isEqualTo(304);
      assertThat(r.body()).isEmpty();
      assertThat(header(r, "ETag")).isEqualTo(tag);
      assertThat(header(r, "Cache-Control")).contains("immutable");
    }
    assertThat(get("/blobs/" + data.hex(), "If-None-Match", "\"other\"").statusCode())
        .isEqualTo(200);
  }

  @Test
  void headSendsTheHeadersOfGetWithoutTheBody() throws Exception {
    HttpResponse<byte[]> r =
        f.send(
            f.request("/blobs/" + data.hex()).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(header(r, "Content-Length")).isEqualTo("100000");
    assertThat(header(r, "ETag")).isEqualTo(tag);
  }

  @Test
  void aSingleRangeIs206WithContentRange() throws Exception {
    HttpResponse<byte[]> r = get("/blobs/" + data.hex(), "Range", "bytes=20000-20009");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(header(r, "Content-Range")).isEqualTo("bytes 20000-20009/100000");
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(content, 20000, 20010));
    HttpResponse<byte[]> tail = get("/blobs/" + data.hex(), "Range", "bytes=-5");
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(content, 99995, 100000));
  }

  @Test
  void severalRangesAreOneMultipartByterangesBody() throws Exception {
    HttpResponse<byte[]> r = get("/blobs/" + data.hex(), "Range", "bytes=0-9, 50000-50004");
    assertThat(r.statusCode()).isEqualTo(206);
    String type = header(r, "Content-Type");
    assertThat(type).startsWith("multipart/byteranges; boundary=");
    String boundary = type.substring(type.indexOf('=') + 1);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Range: bytes 0-9/100000\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    expected.writeBytes(Arrays.copyOfRange(content, 0, 10));
    expected.writeBytes(
        ("\r\n--"
                + boundary
                + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Range: bytes 50000-50004/100000\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    expected.writeBytes(Arrays.copyOfRange(content, 50000, 50005));
    expected.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    assertThat(r.body()).isEqualTo(expected.toByteArray());
    assertThat(header(r, "Content-Length")).isEqualTo("" + expected.size());
  }

  @Test
  void anUnsatisfiableRangeIs416WithTheSize() throws Exception {
    HttpResponse<byte[]> r = get("/blobs/" + data.hex(), "Range", "bytes=200000-");
    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(header(r, "Content-Range")).isEqualTo("bytes */100000");
  }

  @Test
  void ifRangeWithAnotherTagSendsTheWholeBlob() throws Exception {
    HttpResponse<byte[]> r =
        get("/blobs/" + data.hex(), "Range", "bytes=0-9", "If-Range", "\"other\"");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).hasSize(content.length);
    HttpResponse<byte[]> same = get("/blobs/" + data.hex(), "Range", "bytes=0-9", "If-Range", tag);
    assertThat(same.statusCode()).isEqualTo(206);
  }

  @Test
  void aCorsPreflightIsAnswered() throws Exception {
    HttpResponse<byte[]> r =
        f.send(
            f.request("/blobs/" + data.hex())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://example.org")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "range"));
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(header(r, "Access-Control-Allow-Methods")).isEqualTo("GET, HEAD, OPTIONS");
    assertThat(header(r, "Access-Control-Allow-Headers")).containsIgnoringCase("range");
  }

  @Test
  void writesAndBadPathsAreRefusedWithAOneLineReason() throws Exception {
    HttpResponse<byte[]> put =
        f.send(
            f.request("/blobs/" + data.hex())
                .method("DELETE", HttpRequest.BodyPublishers.noBody()));
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(header(put, "Allow")).isEqualTo("GET, HEAD, OPTIONS");
    HttpResponse<byte[]> post =
        f.send(f.request("/blobs/" + data.hex()).POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(413);
    HttpResponse<byte[]> bad = get("/blobs/zz");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new String(bad.body(), StandardCharsets.UTF_8))
        .isEqualTo("bad blob hash 'zz' (want 64 hex digits)\n");
    assertThat(get("/blobs/" + "0".repeat(64)).statusCode()).isEqualTo(404);
    assertThat(f.refused("malformed")).isEqualTo(1);
    assertThat(f.refused("body")).isEqualTo(1);
  }

  @Test
  void theAdminEndpointsAreNotOnTheDoorway() throws Exception {
    assertThat(get("/status").statusCode()).isEqualTo(404);
    assertThat(get("/metrics").statusCode()).isEqualTo(404);
  }

  @Test
  void requestHeadersOverTheLimitAre431() throws Exception {
    try (Socket s = new Socket("127.0.0.1", f.server.address().getPort())) {
      s.setSoTimeout(10_000);
      String request =
          "GET /blobs/"
              + data.hex()
              + " HTTP/1.1\r\nHost: x\r\nX-Big: "
              + "a".repeat(10_000)
              + "\r\n\r\n";
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(reply).startsWith("HTTP/1.1 431 ");
    }
    assertThat(f.refused("header_too_large")).isEqualTo(1);
  }

  @Test
  void aClientThatNeverFinishesItsRequestIsClosed() throws Exception {
    f.close();
    f =
        new DoorwayFixture(
            dir.resolve("slow"),
            DoorwayFixture.config().withRequestTimeout(Duration.ofMillis(300)));
    try (Socket s = new Socket("127.0.0.1", f.server.address().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write("GET /blobs/".getBytes(StandardCharsets.US_ASCII)); // and nothing more
      out.flush();
      InputStream in = s.getInputStream();
      assertThat(in.read()).as("closed by the doorway").isEqualTo(-1);
    }
    assertThat(f.refused("timeout")).isEqualTo(1);
  }

  @Test
  void aBlobOverTheSizeLimitIs403() throws Exception {
    f.close();
    f = new DoorwayFixture(dir.resolve("small"), DoorwayFixture.config().withBlobLengthMax(1000));
    BlobHash big = f.add("big.bin", content, null);
    HttpResponse<byte[]> r = get("/blobs/" + big.hex());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("at most 1000");
    assertThat(f.refused("too_large")).isEqualTo(1);
  }

  @Test
  void aClientOverItsRateIs429WithRetryAfter() throws Exception {
    f.close();
    f = new DoorwayFixture(dir.resolve("rate"), DoorwayFixture.config().withRate(0.5, 2));
    BlobHash h = f.add("d.bin", content, null);
    assertThat(get("/blobs/" + h.hex()).statusCode()).isEqualTo(200);
    assertThat(get("/blobs/" + h.hex()).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> r = get("/blobs/" + h.hex());
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(header(r, "Retry-After")).isEqualTo("2");
    assertThat(f.refused("rate")).isEqualTo(1);
  }

  @Test
  void beyondTheWorkersAndTheQueueIs503WithRetryAfter() throws Exception {
    f.close();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch asked = new CountDownLatch(1);
    HolderIndex slow =
        hash -> {
          asked.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return List.of();
        };
    f = new DoorwayFixture(dir.resolve("busy"), DoorwayFixture.config().withWorkers(1, 0), slow);
    var first =
        f.http.sendAsync(
            f.request("/blobs/" + "1".repeat(64)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue(); // the only worker is taken
    HttpResponse<byte[]> r = get("/blobs/" + "2".repeat(64));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(header(r, "Retry-After")).isEqualTo("1");
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    assertThat(f.refused("busy")).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(f.responses(503)).isEqualTo(1));
    assertThat(f.registry.scrape())
        .contains("conifer_doorway_requests_total{status=\"503\"} 1.0")
        .contains("conifer_doorway_refused_total{reason=\"busy\"} 1.0");
  }
}
