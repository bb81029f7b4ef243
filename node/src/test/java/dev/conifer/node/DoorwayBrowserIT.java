package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser against {@code conifer node --doorway}: headless Chromium opens a page from
 * another origin (another port) that shows an image blob in an {@code <img>}, plays a video blob in
 * a {@code <video>} and seeks in it (range requests), and reads a text blob with fetch(), once
 * plainly and once with a header that needs a CORS preflight. The page posts what it saw back to
 * the page server.
 */
@Tag("loopback")
@Tag("browser")
@Timeout(240)
class DoorwayBrowserIT {
  private static final Duration BROWSER_DEADLINE = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void chromiumShowsAnImagePlaysAndSeeksAVideoAndFetchesAcrossOrigins() throws Exception {
    Path chromium = HeadlessChromium.find();
    try (DoorwayJarNode node = new DoorwayJarNode(dir)) {
      String image = node.add(DoorwayCliIT.resource(dir, "picture.png"), null);
      String video = node.add(DoorwayCliIT.resource(dir, "clip.webm"), null);
      Path text = Files.writeString(dir.resolve("hello.txt"), "hello from the overlay");
      String textHash = node.add(text, null);
      node.startNode();

      AtomicReference<String> report = new AtomicReference<>();
      HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      String page = page(node.doorway, image, video, textHash);
      pages.createContext(
          "/page",
          ex -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
          });
      pages.createContext(
          "/report",
          ex -> {
            report.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
          });
      pages.start();
      URI pageUri = URI.create("http://127.0.0.1:" + pages.getAddress().getPort() + "/page");
      try (HeadlessChromium browser = HeadlessChromium.open(chromium, dir, pageUri)) {
        await()
            .atMost(BROWSER_DEADLINE)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> report.get() != null);
      } finally {
        pages.stop(0);
      }
      JsonNode seen = new ObjectMapper().readTree(report.get());
      String why = report.get() + "\nchromium log: " + log(dir.resolve("chromium.log"));
      assertThat(seen.path("imgWidth").asInt()).as(why).isEqualTo(32);
      assertThat(seen.path("fetch").asText()).as(why).isEqualTo("hello from the overlay");
      assertThat(seen.path("preflighted").asText()).as(why).isEqualTo("hello from the overlay");
      assertThat(seen.path("duration").asDouble()).as(why).isBetween(5.5, 6.5);
      assertThat(seen.path("seekedTo").asDouble()).as(why).isBetween(2.5, 3.5);
      assertThat(seen.path("played").asDouble())
          .as("currentTime moved on after the seek: " + why)
          .isGreaterThan(seen.path("seekedTo").asDouble());

      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(node.admin.resolve("/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .as("the video was read with range requests")
          .contains("conifer_doorway_requests_total{status=\"206\"}");
      assertThat(metrics).contains("conifer_doorway_requests_total{status=\"204\"}"); // preflight
    }
  }

  private static String log(Path file) {
    try {
      String s = Files.readString(file);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (java.io.IOException e) {
      return "(none: " + e + ")";
    }
  }

  /** The page: every check reports into one object, posted once all are in (or one failed). */
  static String page(URI doorway, String image, String video, String text) {
    String base = doorway.toString();
    return """
        <!doctype html>
        <html><body>
        <img id="img" src="BASE/blobs/IMAGE">
        <video id="vid" src="BASE/blobs/VIDEO" muted playsinline preload="auto"></video>
        <script>
        const seen = {};
        let sent = false;
        function note(key, value) {
          seen[key] = value;
          const done = ['imgWidth', 'fetch', 'preflighted', 'played'].every(k => k in seen);
          if (!sent && (done || String(value).startsWith('error'))) {
            sent = true;
            fetch('/report', {method: 'POST', body: JSON.stringify(seen)});
          }
        }
        const img = document.getElementById('img');
        img.onload = () => note('imgWidth', img.naturalWidth);
        img.onerror = () => note('imgWidth', 'error loading the image');
        fetch('BASE/blobs/TEXT').then(r => r.text()).then(t => note('fetch', t))
          .catch(e => note('fetch', 'error ' + e));
        fetch('BASE/blobs/TEXT', {headers: {'If-None-Match': '"not-this"'}})
          .then(r => r.text()).then(t => note('preflighted', t))
          .catch(e => note('preflighted', 'error ' + e));
        const vid = document.getElementById('vid');
        vid.onerror = () => note('video', 'error ' + (vid.error && vid.error.code));
        vid.onloadedmetadata = () => {
          seen.duration = vid.duration;
          vid.currentTime = vid.duration / 2;
        };
        vid.onseeked = () => {
          if ('seekedTo' in seen) return;
          seen.seekedTo = vid.currentTime;
          const from = vid.currentTime;
          vid.ontimeupdate = () => {
            if (vid.currentTime > from + 0.3) note('played', vid.currentTime);
          };
          vid.play().catch(e => note('video', 'error playing ' + e));
        };
        </script>
        </body></html>
        """
        .replace("BASE", base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        .replace("IMAGE", image)
        .replace("VIDEO", video)
        .replace("TEXT", text);
  }
}
