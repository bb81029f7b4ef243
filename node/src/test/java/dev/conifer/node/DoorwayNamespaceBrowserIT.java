package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person with only a browser reads a learning path through the doorway, every part a separate
 * {@code conifer} process: a laptop node holds the path's image ({@code blobs add}); the doorway
 * node has the namespace with the path document ({@code sync ns create}, {@code sync put --merge})
 * and publishes it ({@code --doorway-ns}); it is peered with the laptop and streams the image from
 * it. Headless Chromium lists the namespace's keys ({@code --dump-dom}) and renders the path's page
 * ({@code --screenshot}): the screenshot must show the image's pixels. Before the browser, the same
 * pages as JSON, and a namespace the node holds but does not publish is no page.
 */
@Tag("loopback")
@Tag("browser")
@Timeout(300)
class DoorwayNamespaceBrowserIT {
  private static final Duration BROWSER_DEADLINE = Duration.ofSeconds(120);

  /** The image: one colour no page chrome uses, so its pixels in a screenshot are the image's. */
  private static final int WIDTH = 160;

  private static final int HEIGHT = 90;
  private static final int COLOUR = 0xFA14A0;

  @TempDir Path dir;

  @Test
  void aBrowserListsANamespaceAndShowsALearningPathWithItsImageFromAnotherNode() throws Exception {
    Path image = dir.resolve("robin.png");
    BufferedImage pixels = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        pixels.setRGB(x, y, COLOUR);
      }
    }
    ImageIO.write(pixels, "png", image.toFile());

    Files.createDirectories(dir.resolve("laptop"));
    Files.createDirectories(dir.resolve("doorway"));
    try (DoorwayJarNode laptop = new DoorwayJarNode(dir.resolve("laptop"));
        DoorwayJarNode door = new DoorwayJarNode(dir.resolve("doorway"))) {
      String hash = laptop.add(image, null);
      laptop.startNode(List.of("--listen", "tcp://127.0.0.1:0"));

      String created = door.run("ns-create", List.of("sync", "ns", "create", "family"));
      Matcher m = Pattern.compile("created namespace family ([0-9a-f]{64})").matcher(created);
      assertThat(m.find()).as(created).isTrue();
      String ns = m.group(1);
      door.run(
          "put-path",
          List.of(
              "sync",
              "put",
              "family",
              "paths/birds",
              "--merge",
              "{\"title\":\"Birds of the garden\",\"steps\":[\"Listen at dawn\",\"Find the robin\"],"
                  + "\"image\":{\"blob\":\""
                  + hash
                  + "\",\"type\":\"image/png\",\"name\":\"robin.png\",\"alt\":\"a robin\"}}"));
      door.run("put-note", List.of("sync", "put", "family", "notes/first", "hello"));
      String other = door.run("ns-private", List.of("sync", "ns", "create", "private"));
      String hidden = other.replaceAll("(?s).*created namespace private ([0-9a-f]{64}).*", "$1");
      assertThat(hidden).as(other).matches("[0-9a-f]{64}");
      door.run("put-private", List.of("sync", "put", "private", "diary", "secret"));
      door.startNode(
          List.of(
              "--doorway",
              "127.0.0.1:0",
              "--doorway-ns",
              "family",
              "--connect",
              laptop.listening.toString()));
      assertThat(door.doorway).isNotNull();

      // Scripts and tools get JSON; an unpublished namespace is no page at all.
      JsonNode keys = new ObjectMapper().readTree(get(door.doorway.resolve("/ns/" + ns + "/")));
      assertThat(keys.path("keys").findValuesAsText("key"))
          .containsExactly("notes/first", "paths/birds");
      JsonNode path =
          new ObjectMapper().readTree(get(door.doorway.resolve("/ns/" + ns + "/paths/birds")));
      assertThat(path.path("image").path("blob").asText()).isEqualTo(hash);
      assertThat(get(door.doorway.resolve("/ns/" + hidden + "/diary"))).isEqualTo("no such page\n");

      Path chromium = HeadlessChromium.find();

      String listing =
          HeadlessChromium.run(
              chromium,
              dir,
              "listing",
              BROWSER_DEADLINE,
              List.of("--dump-dom"),
              door.doorway.resolve("/ns/" + ns + "/"));
      assertThat(listing)
          .contains("<h1>family</h1>")
          .contains("href=\"/ns/" + ns + "/paths/birds\"")
          .contains("href=\"/ns/" + ns + "/notes/first\"");

      Path shot = dir.resolve("path.png");
      String page =
          HeadlessChromium.run(
              chromium,
              dir,
              "path",
              BROWSER_DEADLINE,
              List.of("--screenshot=" + shot, "--window-size=800,900", "--dump-dom"),
              door.doorway.resolve("/ns/" + ns + "/paths/birds"));
      assertThat(page).contains("Birds of the garden").contains("Find the robin");
      long shown = pixelsOf(ImageIO.read(shot.toFile()), COLOUR);
      assertThat(shown)
          .as("pixels of the image in the screenshot %s (page: %s)", shot, page)
          .isGreaterThanOrEqualTo(WIDTH * HEIGHT * 9L / 10);

      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(door.admin.resolve("/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .as("the image came from the laptop, not the doorway's disk")
          .containsPattern("conifer_doorway_holder_groups_total(\\{[^}]*\\})? [1-9]");
    }
  }

  /** Pixels within a small distance of {@code rgb} (the screenshot may round colours). */
  private static long pixelsOf(BufferedImage shot, int rgb) {
    long count = 0;
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        int p = shot.getRGB(x, y);
        if (near(p >> 16, rgb >> 16) && near(p >> 8, rgb >> 8) && near(p, rgb)) {
          count++;
        }
      }
    }
    return count;
  }

  private static boolean near(int a, int b) {
    return Math.abs((a & 0xff) - (b & 0xff)) <= 12;
  }

  private static String get(URI uri) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
