package dev.conifer.node.doorway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

/** How a document becomes a page: blob references, and the bounds on what is shown. */
class DocumentHtmlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HASH = "0f".repeat(32);

  private static String render(JsonNode doc) {
    HtmlWriter html = new HtmlWriter("t");
    DocumentHtml.write(html, doc, "fallback");
    return html.finish();
  }

  @Test
  void onlyWellFormedReferencesBecomeMedia() throws Exception {
    assertThat(DocumentHtml.blobRef(JSON.readTree("\"blob:" + HASH + "\"")).hash().hex())
        .isEqualTo(HASH);
    assertThat(DocumentHtml.blobRef(JSON.readTree("\"blob:" + HASH.substring(2) + "\""))).isNull();
    assertThat(DocumentHtml.blobRef(JSON.readTree("{\"blob\":\"xyz\"}"))).isNull();
    assertThat(DocumentHtml.blobRef(JSON.readTree("{\"blob\":7}"))).isNull();
    DocumentHtml.BlobRef odd =
        DocumentHtml.blobRef(
            JSON.readTree(
                "{\"blob\":\"" + HASH + "\",\"type\":\"not a type\",\"name\":\"../etc/passwd\"}"));
    assertThat(odd.type()).as("a type that does not parse is dropped").isNull();
    assertThat(odd.name()).as("a name the blob URL refuses is dropped").isNull();
    assertThat(odd.href()).isEqualTo("/blobs/" + HASH);

    String page =
        render(
            JSON.readTree(
                "{\"a\":{\"blob\":\""
                    + HASH
                    + "\",\"type\":\"audio/ogg\"},\"b\":{\"blob\":\""
                    + HASH
                    + "\",\"type\":\"application/pdf\",\"name\":\"r.pdf\"}}"));
    assertThat(page)
        .contains("<h1>fallback</h1>")
        .contains("<audio src=\"/blobs/" + HASH + "\" controls=\"controls\"></audio>")
        .contains("<a href=\"/blobs/" + HASH + "/r.pdf\">r.pdf</a>");
  }

  @Test
  void aDeepOrHugeDocumentIsCutShortAndSaysSo() {
    JsonNode deep = JSON.createArrayNode();
    for (int i = 0; i < 100; i++) {
      ArrayNode outer = JSON.createArrayNode();
      outer.add(deep);
      deep = outer;
    }
    assertThat(render(deep)).contains("nested deeper than " + DocumentHtml.DEPTH_MAX + " levels");

    ArrayNode wide = JSON.createArrayNode();
    for (int i = 0; i < 3 * DocumentHtml.NODES_MAX; i++) {
      wide.add("v" + i);
    }
    String page = render(wide);
    assertThat(page).contains("more than " + DocumentHtml.NODES_MAX + " values");
    assertThat(page).contains(">v" + (DocumentHtml.NODES_MAX - 1) + "<");
    assertThat(page).doesNotContain(">v" + DocumentHtml.NODES_MAX + "<");
  }
}
