package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conifer blobs add} (type detected, or given with --type) and {@code conifer node
 * --doorway}, as separate processes: the doorway sends the recorded type and name, and the admin
 * endpoints and the blobs live on different ports.
 */
@Tag("loopback")
@Timeout(180)
class DoorwayCliIT {
  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private HttpResponse<byte[]> get(URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static Path resource(Path dir, String name) throws Exception {
    try (InputStream in = DoorwayCliIT.class.getResourceAsStream("/doorway/" + name)) {
      Path file = dir.resolve(name);
      Files.copy(in, file);
      return file;
    }
  }

  @Test
  void blobsAddRecordsTheTypeAndTheDoorwayServesItApartFromTheAdminEndpoints() throws Exception {
    try (DoorwayJarNode node = new DoorwayJarNode(dir)) {
      Path png = resource(dir, "picture.png");
      Path renamed = Files.copy(png, dir.resolve("picture-without-extension"));
      String detected = node.add(renamed, null);
      Path clip = resource(dir, "clip.webm");
      String video = node.add(clip, "video/webm");
      node.startNode();

      HttpResponse<byte[]> image = get(node.blob(detected));
      assertThat(image.statusCode()).isEqualTo(200);
      assertThat(image.body()).isEqualTo(Files.readAllBytes(png));
      assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
      assertThat(image.headers().firstValue("Content-Disposition").orElseThrow())
          .contains("filename=\"picture-without-extension\"");
      assertThat(get(node.blob(video)).headers().firstValue("Content-Type")).hasValue("video/webm");

      assertThat(get(node.admin.resolve("/blobs/" + detected)).statusCode())
          .as("no blobs on the admin port")
          .isEqualTo(404);
      assertThat(get(node.doorway.resolve("/metrics")).statusCode())
          .as("no admin endpoints on the doorway")
          .isEqualTo(404);
      assertThat(get(node.doorway.resolve("/status")).statusCode()).isEqualTo(404);
      String metrics = new String(get(node.admin.resolve("/metrics")).body());
      assertThat(metrics).contains("conifer_doorway_requests_total{status=\"200\"} 2.0");
    }
  }
}
