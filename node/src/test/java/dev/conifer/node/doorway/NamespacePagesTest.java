package dev.conifer.node.doorway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.sync.SyncConfig;
import dev.conifer.sync.SyncNode;
import dev.conifer.sync.content.MemoryContentStore;
import dev.conifer.sync.entry.JsonDocuments;
import dev.conifer.sync.store.SyncDirectory;
import dev.conifer.transfer.fetch.HolderIndex;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doorway's namespace pages over a real sync store: the keys and values of a published
 * namespace as JSON or HTML, blob references as media, escaping, revalidation, limits, and the one
 * 404 for everything that is not a published namespace's page.
 */
class NamespacePagesTest {
  private static final String CHROME_ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
          + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
  private static final String IMAGE = "ab".repeat(32);
  private static final String VIDEO = "cd".repeat(32);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private SyncNode sync;
  private DoorwayFixture f;
  private String family;
  private String secret;

  @BeforeEach
  void start() throws Exception {
    startWith(DoorwayFixture.config());
  }

  private void startWith(DoorwayConfig config) throws Exception {
    byte[] nodeSeed = new byte[32];
    nodeSeed[0] = 1;
    sync =
        new SyncNode(
            dir.resolve("sync"),
            Ed25519.signerFromSeed(nodeSeed),
            new MemoryContentStore(),
            null,
            SyncConfig.defaults(),
            () -> System.currentTimeMillis() * 1000);
    family = namespace("family", 2);
    secret = namespace("secret", 3);
    NamespaceReader reader = new NamespaceReader(sync, ns -> ns.name().equals("family"), List::of);
    f = new DoorwayFixture(dir, config, HolderIndex.peers(List::of), reader);
  }

  private String namespace(String name, int seedByte) {
    byte[] seed = new byte[32];
    seed[0] = (byte) seedByte;
    return sync.createNamespace(name, seed, SyncDirectory.ContentPolicy.EAGER).namespace().toHex();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
    sync.close();
  }

  private void merge(String ns, String key, String json) {
    sync.putDocument(
        sync.directory().namespace(ns).namespace(),
        key,
        JsonDocuments.parseObject(json),
        List.of());
  }

  private void put(String ns, String key, byte[] value) {
    sync.put(sync.directory().namespace(ns).namespace(), key, value, false);
  }

  private HttpResponse<byte[]> get(String path, String accept) throws Exception {
    HttpRequest.Builder r = f.request(path);
    if (accept != null) {
      r.header("Accept", accept);
    }
    return f.send(r);
  }

  private static String body(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void theKeysAreJsonForScriptsAndAPageOfLinksForBrowsers() throws Exception {
    merge(family, "paths/birds", "{\"title\":\"Birds\"}");
    put(family, "paths/notes about trees", "leaves".getBytes(StandardCharsets.UTF_8));

    HttpResponse<byte[]> json = get("/ns/" + family + "/", null);
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json.headers().firstValue("Vary")).hasValue("Accept");
    assertThat(json.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    JsonNode listing = JSON.readTree(json.body());
    assertThat(listing.path("namespace").asText()).isEqualTo(family);
    assertThat(listing.path("name").asText()).isEqualTo("family");
    assertThat(listing.path("truncated").asBoolean()).isFalse();
    assertThat(listing.path("keys")).hasSize(2);
    JsonNode birds = listing.path("keys").get(0);
    assertThat(birds.path("key").asText()).isEqualTo("paths/birds");
    assertThat(birds.path("kind").asText()).isEqualTo("document");
    assertThat(birds.path("length").asLong()).isPositive();
    assertThat(birds.path("updated").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(birds.path("author").asText()).isEqualTo(family); // the owner wrote it
    assertThat(listing.path("keys").get(1).path("kind").asText()).isEqualTo("value");
    assertThat(listing.path("keys").get(1).path("length").asLong()).isEqualTo(6);

    HttpResponse<byte[]> page = get("/ns/" + family + "/", CHROME_ACCEPT);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'")
        .doesNotContain("script-src");
    assertThat(body(page))
        .startsWith("<!DOCTYPE html>")
        .contains("href=\"/ns/" + family + "/paths/birds\"")
        .contains("href=\"/ns/" + family + "/paths/notes%20about%20trees\"");
    // the page's own link leads back to the value
    assertThat(get("/ns/" + family + "/paths/notes%20about%20trees", null).body())
        .isEqualTo("leaves".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aDocumentIsItsMergedJsonOrAReadablePageShowingItsBlobs() throws Exception {
    merge(
        family,
        "paths/birds",
        "{\"title\":\"Birds of the garden\",\"steps\":[\"listen\",\"look up\"],"
            + "\"image\":{\"blob\":\""
            + IMAGE
            + "\",\"type\":\"image/png\",\"name\":\"robin.png\",\"alt\":\"a robin\"},"
            + "\"clip\":{\"blob\":\""
            + VIDEO
            + "\",\"type\":\"video/webm\"},\"notes\":\"see blob:"
            + IMAGE
            + "\",\"more\":\"blob:"
            + VIDEO
            + "\"}");
    merge(family, "paths/birds", "{\"level\":2}"); // a second edit merges in

    HttpResponse<byte[]> json = get("/ns/" + family + "/paths/birds", "application/json");
    assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode doc = JSON.readTree(json.body());
    assertThat(doc.path("title").asText()).isEqualTo("Birds of the garden");
    assertThat(doc.path("level").asInt()).isEqualTo(2);
    assertThat(doc.path("image").path("blob").asText()).isEqualTo(IMAGE);

    String html = body(get("/ns/" + family + "/paths/birds", CHROME_ACCEPT));
    assertThat(html)
        .contains("<h1>Birds of the garden</h1>")
        .contains("<img src=\"/blobs/" + IMAGE + "/robin.png\" alt=\"a robin\"")
        .contains("<video src=\"/blobs/" + VIDEO + "\" controls=\"controls\"></video>")
        .contains("<a href=\"/blobs/" + VIDEO + "\">" + VIDEO + "</a>") // "blob:HASH"
        .contains("see blob:" + IMAGE) // only a whole string is a reference
        .contains("<li><span class=\"text\">look up</span></li>")
        .contains("href=\"/ns/" + family + "/paths/birds?raw\"");
    assertThat(get("/ns/" + family + "/paths/birds?raw", CHROME_ACCEPT).body())
        .as("?raw is the JSON whatever the browser asks for")
        .isEqualTo(json.body());
  }

  @Test
  void everythingButAPublishedNamespacesPageIsTheSame404() throws Exception {
    put(family, "here", "x".getBytes(StandardCharsets.UTF_8));
    put(family, "gone", "x".getBytes(StandardCharsets.UTF_8));
    sync.remove(sync.directory().namespace(family).namespace(), "gone");
    put(secret, "here", "x".getBytes(StandardCharsets.UTF_8));

    List<String> noPages =
        List.of(
            "/ns/" + secret + "/", // known here, not published
            "/ns/" + secret + "/here",
            "/ns/" + "ef".repeat(32) + "/", // unknown
            "/ns/family/", // names are not accepted in URLs
            "/ns/" + family.substring(2) + "/",
            "/ns/",
            "/ns/" + family + "/absent",
            "/ns/" + family + "/gone", // deleted
            "/ns/" + family + "/" + "k".repeat(2000));
    HttpResponse<byte[]> first = get(noPages.get(0), CHROME_ACCEPT);
    for (String path : noPages) {
      for (String accept : Arrays.asList(null, CHROME_ACCEPT)) {
        HttpResponse<byte[]> r = get(path, accept);
        assertThat(r.statusCode()).as(path).isEqualTo(404);
        assertThat(r.body()).as(path).isEqualTo(first.body());
        assertThat(r.headers().map().keySet()).as(path).isEqualTo(first.headers().map().keySet());
      }
    }
    assertThat(body(first)).isEqualTo("no such page\n");
    assertThat(f.responses(404)).isEqualTo(2.0 * noPages.size() + 1);
  }

  @Test
  void markupInKeysAndDocumentsIsShownAsText() throws Exception {
    String key = "<script>alert(1)</script>";
    merge(
        family,
        key,
        "{\"title\":\"</h1><script>alert(2)</script>\",\"x\":\"<img src=x onerror=alert(3)>\","
            + "\"pic\":{\"blob\":\""
            + IMAGE
            + "\",\"type\":\"image/png\",\"name\":\"a\\\"onload=alert(4).png\"}}");

    String listing = body(get("/ns/" + family + "/", CHROME_ACCEPT));
    String page = body(get("/ns/" + family + "/" + UrlPaths.encodePath(key), CHROME_ACCEPT));
    for (String html : List.of(listing, page)) {
      assertThat(html).doesNotContain("<script").doesNotContain("<img src=x").contains("&lt;");
    }
    assertThat(page)
        .contains("&lt;img src=x onerror=alert(3)&gt;")
        .contains("alt=\"a&quot;onload=alert(4).png\"")
        .contains("/a%22onload%3Dalert%284%29.png\"");
  }

  @Test
  void pagesRevalidateWithTheirEntityTagAndChangeWithTheNamespace() throws Exception {
    merge(family, "p", "{\"title\":\"one\"}");
    HttpResponse<byte[]> first = get("/ns/" + family + "/p", CHROME_ACCEPT);
    String tag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");

    HttpResponse<byte[]> again =
        f.send(
            f.request("/ns/" + family + "/p")
                .header("Accept", CHROME_ACCEPT)
                .header("If-None-Match", tag));
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    merge(family, "p", "{\"title\":\"two\"}");
    HttpResponse<byte[]> changed =
        f.send(
            f.request("/ns/" + family + "/p")
                .header("Accept", CHROME_ACCEPT)
                .header("If-None-Match", tag));
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(body(changed)).contains("<h1>two</h1>");
    assertThat(changed.headers().firstValue("ETag")).isNotEqualTo(Optional.of(tag));
    assertThat(get("/ns/" + family + "/p", "application/json").headers().firstValue("ETag"))
        .as("the JSON and the HTML are different representations")
        .isNotEqualTo(Optional.of(tag));

    HttpResponse<byte[]> head =
        f.send(
            f.request("/ns/" + family + "/p").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValueAsLong("Content-Length").orElseThrow()).isPositive();
  }

  @Test
  void plainValuesKeepTheirTypeAndBrowsersGetAPage() throws Exception {
    put(family, "text", "hello <b>there</b>".getBytes(StandardCharsets.UTF_8));
    put(family, "data", "{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8));
    byte[] png = png();
    put(family, "picture", png);

    HttpResponse<byte[]> text = get("/ns/" + family + "/text", null);
    assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(text.headers().firstValue("Content-Security-Policy")).hasValue("sandbox");
    assertThat(get("/ns/" + family + "/data", null).headers().firstValue("Content-Type"))
        .hasValue("application/json");
    HttpResponse<byte[]> raw = get("/ns/" + family + "/picture", "image/*");
    assertThat(raw.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(raw.body()).isEqualTo(png);

    assertThat(body(get("/ns/" + family + "/text", CHROME_ACCEPT)))
        .contains("<pre class=\"text\">hello &lt;b&gt;there&lt;/b&gt;</pre>");
    assertThat(body(get("/ns/" + family + "/data", CHROME_ACCEPT)))
        .contains("<dt>a</dt><dd><ol><li><span class=\"text\">1</span></li>");
    assertThat(body(get("/ns/" + family + "/picture", CHROME_ACCEPT)))
        .contains("<img src=\"/ns/" + family + "/picture?raw\"")
        .contains(png.length + " bytes, image/png");
  }

  @Test
  void valuesAndListingsAreBounded() throws Exception {
    f.close();
    sync.close();
    startWith(new DoorwayConfig.Builder(DoorwayFixture.config()).pages(100, 3).build());
    for (int i = 0; i < 5; i++) {
      put(family, "k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    put(family, "big", new byte[101]);

    HttpResponse<byte[]> big = get("/ns/" + family + "/big", null);
    assertThat(big.statusCode()).isEqualTo(403);
    assertThat(body(big)).isEqualTo("big is 101 bytes; this doorway shows at most 100\n");
    assertThat(f.refused("too_large")).isEqualTo(1.0);

    JsonNode capped = JSON.readTree(get("/ns/" + family + "/?limit=1000000", null).body());
    assertThat(capped.path("keys")).hasSize(3);
    assertThat(capped.path("truncated").asBoolean()).isTrue();
    JsonNode two = JSON.readTree(get("/ns/" + family + "/?limit=2&prefix=k", null).body());
    assertThat(two.path("keys").findValuesAsText("key")).containsExactly("k0", "k1");
    JsonNode rest = JSON.readTree(get("/ns/" + family + "/?prefix=k4", null).body());
    assertThat(rest.path("keys").findValuesAsText("key")).containsExactly("k4");
    assertThat(rest.path("truncated").asBoolean()).isFalse();
  }

  /** A small PNG, made here (no file in the repository). */
  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
